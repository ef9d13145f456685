# Sweep tests that need MPI or a Slurm cluster, as shell scripts (include()d from tests/).
# They fail, never skip, when mpirun or slurmctld is missing: the message names the package.
add_test(NAME sweep_mpi
         COMMAND bash ${PROJECT_SOURCE_DIR}/tests/integration/sweep_mpi.sh $<TARGET_FILE:snsim>
                 ${PROJECT_SOURCE_DIR})
add_test(NAME sweep_slurm
         COMMAND bash ${PROJECT_SOURCE_DIR}/tests/integration/sweep_slurm.sh $<TARGET_FILE:snsim>
                 ${PROJECT_SOURCE_DIR})
set_tests_properties(sweep_mpi PROPERTIES TIMEOUT 300)
# One Slurm cluster per machine (fixed ports 6817/6818): never two at once.
set_tests_properties(sweep_slurm PROPERTIES TIMEOUT 300 RESOURCE_LOCK slurm_cluster)
# `snsim calibrate` under mpirun: its batches go through the same task farm.
add_test(NAME calibrate_mpi
         COMMAND bash ${PROJECT_SOURCE_DIR}/tests/integration/calibrate_mpi.sh $<TARGET_FILE:snsim>
                 ${PROJECT_SOURCE_DIR})
set_tests_properties(calibrate_mpi PROPERTIES TIMEOUT 300)

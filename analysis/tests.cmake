# Tests of analysis/ (the snsim_analysis Python package, its report command and notebooks).
# Included from tests/CMakeLists.txt, which defines SNSIM_SYSTEM_PYTHON (/usr/bin/python3) and
# the snsim target. The tests simulate their own fresh results with $SNSIM_BINARY; they need the
# Debian packages in analysis/requirements-debian.txt (the Chromium check skips without chromium).
add_test(NAME python_analysis
         COMMAND ${CMAKE_COMMAND} -E env
                 SNSIM_BINARY=$<TARGET_FILE:snsim>
                 MPLBACKEND=Agg
                 OMP_NUM_THREADS=2
                 PYTHONDONTWRITEBYTECODE=1
                 ${SNSIM_SYSTEM_PYTHON} -m pytest -q -p no:cacheprovider
                 ${PROJECT_SOURCE_DIR}/analysis/tests)
set_tests_properties(python_analysis PROPERTIES TIMEOUT 600 LABELS "python")

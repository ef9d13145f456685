#pragma once
// The group of one run (/runs/NNNNNN) and its attributes, as the results writer makes them and
// the reader reads them; the sweep merge reads part files of older snsim versions, which held
// runs in this layout, with it. Private to sim/io and sim/sweep.
#include <hdf5.h>

#include <string>

#include "hdf5_support.hpp"
#include "snsim/io/results_file.hpp"

namespace snsim::detail {

/// Returns a new, open run group `name` under loc: link and attribute creation order tracked and
/// indexed, no times, and attributes kept in the object header ("compact") however many there
/// are. libhdf5 1.10.8 crashes when H5Ocopy copies an object whose attributes moved to dense
/// storage (more than 8 of them) and include variable-length strings (HDF5 issue 2414, fixed in
/// 1.14.4): a run of a sweep of 4 or more keys has 9 or more, and anyone copying such a run
/// group with h5copy or h5py on an older libhdf5 would hit it.
H5Handle create_run_group(hid_t loc, const std::string& name, const std::string& what);

/// Writes a run's attributes to its group, in this order: index, seed, replicate, status,
/// wall_time_s, then param:<key> for each swept key, in the run's order.
void write_run_attributes(hid_t group, const RunRecord& run);

/// Returns the run in group `name` of runs (the /runs group of the file at path), its series
/// with values if with_values; metrics in written order, those sharing a subgroup together.
/// Throws ResultsError naming path and the run if it cannot be read.
RunRecord read_run(hid_t runs, const std::string& name, bool with_values, const std::string& path);

}  // namespace snsim::detail

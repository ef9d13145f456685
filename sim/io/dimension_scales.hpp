#pragma once
// Dimension-scale attributes written in one go, as H5DSattach_scale would leave them.
//
// H5DSattach_scale attaches one scale to one axis of one dataset: it reads the scale's whole
// REFERENCE_LIST, deletes it and writes it again one entry longer, so a run of k series costs
// O(k^2) and was most of the time of writing small runs and of merging sweeps (README
// "Performance"). Here each dataset's DIMENSION_LIST is written once with all its axes, and each
// scale's REFERENCE_LIST once with all its datasets. The attributes have the types and contents
// that HDF5 1.10's H5DS functions write and read (DIMENSION_LIST: variable-length sequences of
// object references, one per axis; REFERENCE_LIST: {dataset: object reference, dimension: int32}
// compound of 16 bytes), so H5DS, h5py and xarray (h5netcdf) see ordinary attached scales.
// Private to sim/io (the sweep merge writes runs through ResultsWriter); the scales themselves are
// still made with H5DSset_scale.
#include <hdf5.h>

#include <string>
#include <vector>

namespace snsim::detail {

/// One entry of a scale's REFERENCE_LIST: a dataset and the axis of it that the scale labels.
struct ScaleUser {
  hobj_ref_t dataset;  ///< object reference to the dataset
  int axis;            ///< its axis (0-based) that the scale labels
};

/// Returns an object reference to the open object (dataset or group).
hobj_ref_t object_reference(hid_t object, const std::string& what);
/// Returns an object reference to the object name in loc.
hobj_ref_t object_reference(hid_t loc, const std::string& name, const std::string& what);

/// Writes the DIMENSION_LIST attribute of dataset (replacing one that exists): axis i is labelled
/// by the scale scales[i]; scales must have one entry per axis of the dataset.
void write_dimension_list(hid_t dataset, const std::vector<hobj_ref_t>& scales,
                          const std::string& what);

/// Writes the REFERENCE_LIST attribute of scale (replacing one that exists) listing users, in
/// that order; writes nothing (and removes any old list) if users is empty, as H5DS leaves a
/// scale that nothing is attached to.
void write_reference_list(hid_t scale, const std::vector<ScaleUser>& users,
                          const std::string& what);

}  // namespace snsim::detail

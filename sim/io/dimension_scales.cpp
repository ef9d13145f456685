#include "dimension_scales.hpp"

#include "hdf5_support.hpp"

namespace snsim::detail {

namespace {

constexpr const char* kDimensionList = "DIMENSION_LIST";
constexpr const char* kReferenceList = "REFERENCE_LIST";

/// Deletes attribute name of loc if it exists.
void delete_if_present(hid_t loc, const char* name, const std::string& what) {
  const htri_t exists = H5Aexists(loc, name);
  check(exists, what);
  if (exists > 0) check(H5Adelete(loc, name), what);
}

/// Writes a DIMENSION_LIST attribute, one scale per axis (each axis a sequence of one reference),
/// created by create(type, space).
template <class Create>
void write_axis_lists(std::vector<hobj_ref_t> refs, Create&& create, const std::string& context) {
  std::vector<hvl_t> lists(refs.size());
  for (std::size_t i = 0; i < refs.size(); ++i) lists[i] = hvl_t{1, &refs[i]};
  H5Handle type = own(H5Tvlen_create(H5T_STD_REF_OBJ), H5Tclose, context);
  const hsize_t rank = lists.size();
  H5Handle space = own(H5Screate_simple(1, &rank, nullptr), H5Sclose, context);
  H5Handle attribute = own(create(type.get(), space.get()), H5Aclose, context);
  check(H5Awrite(attribute.get(), type.get(), lists.data()), context);
}

}  // namespace

hobj_ref_t object_reference(hid_t object, const std::string& what) {
  hobj_ref_t ref = 0;
  check(H5Rcreate(&ref, object, ".", H5R_OBJECT, -1), what + " (object reference)");
  return ref;
}

hobj_ref_t object_reference(hid_t loc, const std::string& name, const std::string& what) {
  hobj_ref_t ref = 0;
  check(H5Rcreate(&ref, loc, name.c_str(), H5R_OBJECT, -1), what + " (object reference)");
  return ref;
}

void write_dimension_list(hid_t dataset, const std::vector<hobj_ref_t>& scales,
                          const std::string& what) {
  const std::string context = what + " (DIMENSION_LIST)";
  delete_if_present(dataset, kDimensionList, context);
  // Each axis holds a sequence of the scales attached to it; here exactly one.
  write_axis_lists(
      scales,
      [&](hid_t type, hid_t space) {
        return H5Acreate2(dataset, kDimensionList, type, space, H5P_DEFAULT, H5P_DEFAULT);
      },
      context);
}

void write_reference_list(hid_t scale, const std::vector<ScaleUser>& users,
                          const std::string& what) {
  const std::string context = what + " (REFERENCE_LIST)";
  delete_if_present(scale, kReferenceList, context);
  if (users.empty()) return;
  // The in-memory layout is the file layout (reference at 0, int at 8, 16 bytes), as in H5DS.
  H5Handle type = own(H5Tcreate(H5T_COMPOUND, sizeof(ScaleUser)), H5Tclose, context);
  check(H5Tinsert(type.get(), "dataset", HOFFSET(ScaleUser, dataset), H5T_STD_REF_OBJ), context);
  check(H5Tinsert(type.get(), "dimension", HOFFSET(ScaleUser, axis), H5T_NATIVE_INT), context);
  const hsize_t count = users.size();
  H5Handle space = own(H5Screate_simple(1, &count, nullptr), H5Sclose, context);
  H5Handle attribute =
      own(H5Acreate2(scale, kReferenceList, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
          H5Aclose, context);
  check(H5Awrite(attribute.get(), type.get(), users.data()), context);
}

}  // namespace snsim::detail

#include "hdf5_support.hpp"

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace snsim::detail {

namespace {

// Set once a file failed to close: libhdf5's state is then not safe to shut down.
std::atomic<bool> hdf5_file_abandoned{false};

// Runs at exit instead of libhdf5's own handler: shuts the library down (closing any id still
// open) unless a file failed to close.
void close_hdf5_at_exit() {
  if (!hdf5_file_abandoned.load()) H5close();
}

// Before main (and so before any HDF5 call, which would register libhdf5's handler), replaces
// libhdf5's exit handler by close_hdf5_at_exit.
[[maybe_unused]] const bool hdf5_exit_handler_replaced = [] {
  H5dont_atexit();
  std::atexit(close_hdf5_at_exit);
  return true;
}();

}  // namespace

herr_t close_file_id(hid_t file) {
  const herr_t status = H5Fclose(file);
  if (status < 0) hdf5_file_abandoned.store(true);
  return status;
}

void silence_hdf5_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

namespace {

// Error-stack walk callback: keeps the first (innermost, as we walk upward) description.
herr_t keep_innermost(unsigned /*n*/, const H5E_error2_t* error, void* data) {
  auto* reason = static_cast<std::string*>(data);
  if (reason->empty() && error->desc != nullptr) *reason = error->desc;
  return 0;
}

// HDF5's OS errors read "unable to open file: name = '...', errno = 2, error message = 'No such
// file or directory', flags = ..."; the quoted OS message is the part worth showing.
std::string shorten(const std::string& reason) {
  const std::string key = "error message = '";
  const auto start = reason.find(key);
  if (start == std::string::npos) return reason;
  const auto end = reason.find('\'', start + key.size());
  if (end == std::string::npos) return reason;
  return reason.substr(start + key.size(), end - start - key.size());
}

}  // namespace

std::string hdf5_reason() {
  std::string reason;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, keep_innermost, &reason);
  return shorten(reason);
}

void fail_hdf5(const std::string& what) {
  const int os_error = errno;          // a failed write underneath (the disk is full)
  std::string reason = hdf5_reason();  // before any other HDF5 call clears the stack
  // The high-level calls (H5DS) fail without an error stack; when the file system refused a
  // write, its reason is what the user needs to see.
  if (reason.empty() && (os_error == ENOSPC || os_error == EDQUOT || os_error == EROFS ||
                         os_error == EIO || os_error == EFBIG))
    reason = std::strerror(os_error);
  throw ResultsError(what + ": " + (reason.empty() ? "HDF5 call failed" : reason));
}

H5Handle make_vlen_string_type() {
  H5Handle type = own(H5Tcopy(H5T_C_S1), H5Tclose, "cannot create string type");
  check(H5Tset_size(type.get(), H5T_VARIABLE), "cannot create string type");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "cannot create string type");
  return type;
}

void write_string_attribute(hid_t loc, const std::string& name, const std::string& value,
                            hid_t string_type, hid_t scalar_space, const std::string& where) {
  const std::string what = where + "cannot write attribute '" + name + "'";
  H5Handle attribute =
      own(H5Acreate2(loc, name.c_str(), string_type, scalar_space, H5P_DEFAULT, H5P_DEFAULT),
          H5Aclose, what);
  const char* text = value.c_str();
  check(H5Awrite(attribute.get(), string_type, &text), what);
}

void write_string_attribute(hid_t loc, const std::string& name, const std::string& value) {
  const std::string what = "cannot write attribute '" + name + "'";
  H5Handle type = make_vlen_string_type();
  H5Handle space = own(H5Screate(H5S_SCALAR), H5Sclose, what);
  write_string_attribute(loc, name, value, type.get(), space.get(), "");
}

void write_scalar_attribute(hid_t loc, const std::string& name, hid_t file_type, hid_t mem_type,
                            const void* value) {
  const std::string what = "cannot write attribute '" + name + "'";
  H5Handle space = own(H5Screate(H5S_SCALAR), H5Sclose, what);
  H5Handle attribute =
      own(H5Acreate2(loc, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
          what);
  check(H5Awrite(attribute.get(), mem_type, value), what);
}

void write_ids_attribute(hid_t loc, const std::string& name,
                         const std::vector<std::uint64_t>& ids) {
  const std::string what = "cannot write attribute '" + name + "'";
  const hsize_t dims[1] = {static_cast<hsize_t>(ids.size())};
  H5Handle space = own(H5Screate_simple(1, dims, nullptr), H5Sclose, what);
  H5Handle attribute =
      own(H5Acreate2(loc, name.c_str(), H5T_STD_U64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT),
          H5Aclose, what);
  if (!ids.empty()) check(H5Awrite(attribute.get(), H5T_NATIVE_UINT64, ids.data()), what);
}

std::vector<std::uint64_t> read_ids_attribute(hid_t loc, const std::string& name,
                                              const std::string& where) {
  const std::string what = where + ": cannot read attribute '" + name + "'";
  H5Handle attribute = own(H5Aopen(loc, name.c_str(), H5P_DEFAULT), H5Aclose, what);
  H5Handle file_type = own(H5Aget_type(attribute.get()), H5Tclose, what);
  H5Handle space = own(H5Aget_space(attribute.get()), H5Sclose, what);
  if (H5Tget_class(file_type.get()) != H5T_INTEGER || H5Sget_simple_extent_ndims(space.get()) != 1)
    throw ResultsError(where + ": attribute '" + name + "' is not a list of ids");
  const hssize_t count = H5Sget_simple_extent_npoints(space.get());
  // The stored bytes are checked first, as for every attribute (check_attribute_storage).
  const hsize_t stored = H5Aget_storage_size(attribute.get());
  if (count < 0 || stored < static_cast<hsize_t>(count) * H5Tget_size(file_type.get()))
    throw ResultsError(where + ": attribute '" + name + "' is damaged");
  std::vector<std::uint64_t> ids(static_cast<std::size_t>(count));
  if (!ids.empty()) check(H5Aread(attribute.get(), H5T_NATIVE_UINT64, ids.data()), what);
  return ids;
}

bool has_attribute(hid_t loc, const std::string& name) { return H5Aexists(loc, name.c_str()) > 0; }

namespace {

// libhdf5 1.10.8 copies (element size on disk x elements) bytes out of an attribute's stored
// value without checking that the file stored that many: a damaged attribute message makes
// H5Aread read past its buffer (found by fuzz/results_fuzz). The stored size is compared first.
// On disk a variable-length string is a 4-byte length and a global heap id (an address and a
// 4-byte index); anything else takes its in-memory size.
void check_attribute_storage(hid_t attribute, hid_t file_type, const std::string& where,
                             const std::string& name) {
  std::size_t element = H5Tget_size(file_type);
  if (H5Tis_variable_str(file_type) > 0 || H5Tget_class(file_type) == H5T_VLEN) {
    size_t address_size = 8;
    size_t length_size = 8;
    H5Handle file = own(H5Iget_file_id(attribute), H5Fclose, where + ": cannot read attribute");
    H5Handle fcpl =
        own(H5Fget_create_plist(file.get()), H5Pclose, where + ": cannot read attribute");
    check(H5Pget_sizes(fcpl.get(), &address_size, &length_size), where + ": cannot read attribute");
    element = 4 + address_size + 4;
  }
  const hsize_t stored = H5Aget_storage_size(attribute);
  if (element == 0 || stored < element)
    throw ResultsError(where + ": attribute '" + name + "' is damaged (" + std::to_string(stored) +
                       " bytes stored for a value of " + std::to_string(element) + ")");
}

}  // namespace

std::string read_string_attribute(hid_t loc, const std::string& name, const std::string& where) {
  const std::string what = where + ": cannot read attribute '" + name + "'";
  H5Handle attribute = own(H5Aopen(loc, name.c_str(), H5P_DEFAULT), H5Aclose, what);
  H5Handle file_type = own(H5Aget_type(attribute.get()), H5Tclose, what);
  if (H5Tget_class(file_type.get()) != H5T_STRING)
    throw ResultsError(where + ": attribute '" + name + "' is not a string");
  H5Handle space = own(H5Aget_space(attribute.get()), H5Sclose, what);
  if (H5Sget_simple_extent_npoints(space.get()) != 1)
    throw ResultsError(where + ": attribute '" + name + "' is not a single string");
  check_attribute_storage(attribute.get(), file_type.get(), where, name);
  if (H5Tis_variable_str(file_type.get()) > 0) {
    H5Handle mem_type = make_vlen_string_type();
    char* text = nullptr;
    check(H5Aread(attribute.get(), mem_type.get(), &text), what);
    std::string value = text != nullptr ? text : "";
    H5free_memory(text);
    return value;
  }
  // Fixed-length strings (not written by snsim, but h5py users may add some).
  const std::size_t size = H5Tget_size(file_type.get());
  std::string value(size, '\0');
  H5Handle mem_type = own(H5Tcopy(file_type.get()), H5Tclose, what);
  check(H5Aread(attribute.get(), mem_type.get(), value.data()), what);
  value.resize(std::strlen(value.c_str()));
  return value;
}

void read_scalar_attribute(hid_t loc, const std::string& name, hid_t mem_type, void* value,
                           const std::string& where) {
  const std::string what = where + ": cannot read attribute '" + name + "'";
  H5Handle attribute = own(H5Aopen(loc, name.c_str(), H5P_DEFAULT), H5Aclose, what);
  H5Handle space = own(H5Aget_space(attribute.get()), H5Sclose, what);
  if (H5Sget_simple_extent_npoints(space.get()) != 1)
    throw ResultsError(where + ": attribute '" + name + "' is not a single value");
  H5Handle file_type = own(H5Aget_type(attribute.get()), H5Tclose, what);
  check_attribute_storage(attribute.get(), file_type.get(), where, name);
  check(H5Aread(attribute.get(), mem_type, value), what);
}

namespace {

herr_t collect_attribute(hid_t /*loc*/, const char* name, const H5A_info_t* /*info*/, void* data) {
  static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 0;
}

herr_t collect_link(hid_t /*group*/, const char* name, const H5L_info_t* /*info*/, void* data) {
  static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 0;
}

}  // namespace

std::vector<std::string> attribute_names(hid_t loc, const std::string& where) {
  std::vector<std::string> names;
  hsize_t position = 0;
  // Creation order is only indexed where the writer asked for it; else fall back to names.
  if (H5Aiterate2(loc, H5_INDEX_CRT_ORDER, H5_ITER_INC, &position, collect_attribute, &names) >= 0)
    return names;
  names.clear();
  position = 0;
  check(H5Aiterate2(loc, H5_INDEX_NAME, H5_ITER_INC, &position, collect_attribute, &names),
        where + ": cannot list attributes");
  return names;
}

std::vector<std::string> link_names(hid_t group, const std::string& where) {
  std::vector<std::string> names;
  hsize_t position = 0;
  if (H5Literate(group, H5_INDEX_CRT_ORDER, H5_ITER_INC, &position, collect_link, &names) >= 0)
    return names;
  names.clear();
  position = 0;
  check(H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &position, collect_link, &names),
        where + ": cannot list members");
  return names;
}

}  // namespace snsim::detail

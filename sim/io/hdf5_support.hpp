#pragma once
// Private helpers of the results writer and reader: owned HDF5 handles, HDF5 failures turned into
// ResultsError, and string and numeric attributes. Not installed; nothing outside sim/io uses it.
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

#include "snsim/io/results_file.hpp"

namespace snsim::detail {

/// An HDF5 identifier that is closed (with the matching H5?close) when it goes out of scope.
class H5Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  H5Handle() = default;
  H5Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  ~H5Handle() { reset(); }
  H5Handle(H5Handle&& other) noexcept : id_(other.id_), closer_(other.closer_) {
    other.id_ = H5I_INVALID_HID;
  }
  H5Handle& operator=(H5Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = other.id_;
      closer_ = other.closer_;
      other.id_ = H5I_INVALID_HID;
    }
    return *this;
  }
  H5Handle(const H5Handle&) = delete;
  H5Handle& operator=(const H5Handle&) = delete;

  hid_t get() const { return id_; }
  /// Closes the identifier now (errors ignored: used on unwinding paths).
  void reset() {
    if (id_ >= 0 && closer_ != nullptr) closer_(id_);
    id_ = H5I_INVALID_HID;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

/// Turns off HDF5's printing of its error stack to stderr; failures become ResultsError instead.
void silence_hdf5_errors();

/// Closes an HDF5 file id and returns H5Fclose's status. When the close fails (a full disk makes
/// its final flush fail), libhdf5 1.10.8 leaves the id registered but half torn down, and closing
/// it again, as libhdf5's own exit handler does, crashes (SIGSEGV in H5F__close_cb). So after a
/// failed close the exit handler is skipped (see hdf5_support.cpp): the file is lost anyway.
herr_t close_file_id(hid_t file);

/// Returns the most specific message on the current HDF5 error stack ("" if empty).
std::string hdf5_reason();

/// Throws ResultsError("<what>: <HDF5 reason>").
[[noreturn]] void fail_hdf5(const std::string& what);

/// Returns id, or throws ResultsError naming what failed if id is negative.
inline hid_t check_id(hid_t id, const std::string& what) {
  if (id < 0) fail_hdf5(what);
  return id;
}
/// Throws ResultsError naming what failed if status is negative.
inline void check(herr_t status, const std::string& what) {
  if (status < 0) fail_hdf5(what);
}

/// Returns a handle that closes id with closer, or throws naming what failed if id is negative.
inline H5Handle own(hid_t id, H5Handle::Closer closer, const std::string& what) {
  return H5Handle(check_id(id, what), closer);
}

/// Returns a new variable-length UTF-8 string type.
H5Handle make_vlen_string_type();

/// Writes a scalar variable-length UTF-8 string attribute, with a string type (from
/// make_vlen_string_type) and a scalar dataspace that the caller reuses across attributes;
/// failures name where (the file and object).
void write_string_attribute(hid_t loc, const std::string& name, const std::string& value,
                            hid_t string_type, hid_t scalar_space, const std::string& where);

/// Writes a scalar variable-length UTF-8 string attribute.
void write_string_attribute(hid_t loc, const std::string& name, const std::string& value);
/// Writes a scalar numeric attribute of file type file_type from a value of memory type mem_type.
void write_scalar_attribute(hid_t loc, const std::string& name, hid_t file_type, hid_t mem_type,
                            const void* value);

/// Writes a one-dimensional uint64 array attribute (ids chosen by a run, e.g. `ids:seeds`).
void write_ids_attribute(hid_t loc, const std::string& name, const std::vector<std::uint64_t>& ids);
/// Reads a one-dimensional integer array attribute as uint64; throws ResultsError when it is not
/// one or its stored bytes are short.
std::vector<std::uint64_t> read_ids_attribute(hid_t loc, const std::string& name,
                                              const std::string& where);

/// Returns true if loc has an attribute called name.
bool has_attribute(hid_t loc, const std::string& name);
/// Reads a scalar string attribute (variable or fixed length).
std::string read_string_attribute(hid_t loc, const std::string& name, const std::string& where);
/// Reads a scalar numeric attribute, converted by HDF5 to mem_type.
void read_scalar_attribute(hid_t loc, const std::string& name, hid_t mem_type, void* value,
                           const std::string& where);
/// Returns the attribute names of loc in creation order if tracked, else in name order.
std::vector<std::string> attribute_names(hid_t loc, const std::string& where);
/// Returns the link names of a group in creation order if tracked, else in name order.
std::vector<std::string> link_names(hid_t group, const std::string& where);

}  // namespace snsim::detail

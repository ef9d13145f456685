#pragma once
// A check of the raw bytes of a file before libhdf5 reads it: libhdf5 1.10 trusts some on-disk
// structures and hangs or reads out of bounds on damaged ones (fuzz/README.md lists the cases).
// Not installed; used by every reader of a results file snsim did not just write.
#include <string>

namespace snsim::detail {

/// Throws ResultsError naming path and the problem if the file uses an HDF5 format without
/// metadata checksums (superblock 0 or 1; snsim writes 2 or later) or holds a structure that
/// libhdf5 would loop on forever or read past (global heap collections, which carry no checksum,
/// whose objects do not tile the collection). Returns normally for files it cannot judge (no
/// HDF5 signature, unreadable): libhdf5's own checks then report those.
/// A path that is not a regular file (FIFO, device, folder) is refused first.
void precheck_hdf5_file(const std::string& path);

}  // namespace snsim::detail

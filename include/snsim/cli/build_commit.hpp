#pragma once
// The git commit the `snsim` binary was built from, for `snsim --version`.

namespace snsim::cli {

/// Returns `git describe --always --dirty` of the source tree at the last build (for example
/// "edf1683" or "v0.1.0-3-gedf1683-dirty"), or "unknown" when it was built without git or
/// outside a git checkout.
const char* git_commit();

}  // namespace snsim::cli

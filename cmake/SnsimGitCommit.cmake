# Writes OUTPUT, a C++ source that defines snsim::cli::git_commit(), from
# `git describe --always --dirty` in SOURCE_DIR ("unknown" without git or outside a checkout).
# Run at every build (`cmake -P`, from sim/cli/CMakeLists.txt), so a commit made after configuring
# shows in `snsim --version` at the next build; the file is rewritten only when the commit changes,
# so an unchanged commit recompiles nothing.
set(commit "unknown")
find_package(Git QUIET)
if(GIT_FOUND)
  execute_process(COMMAND "${GIT_EXECUTABLE}" describe --always --dirty
                  WORKING_DIRECTORY "${SOURCE_DIR}"
                  OUTPUT_VARIABLE described OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE status ERROR_QUIET)
  if(status EQUAL 0 AND NOT described STREQUAL "")
    set(commit "${described}")
  endif()
endif()
set(text "// Generated at build time by cmake/SnsimGitCommit.cmake; do not edit.\n#include \"snsim/cli/build_commit.hpp\"\n\nnamespace snsim::cli {\n\nconst char* git_commit() { return \"${commit}\"; }\n\n}  // namespace snsim::cli\n")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
else()
  set(old "")
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUTPUT}" "${text}")
endif()

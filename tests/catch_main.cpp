// The Catch2 main, in a translation unit of its own so that test files recompile quickly.
// A wide console: ctest discovers tests from `--list-test-names-only`, and Catch wraps names
// longer than the console width onto two lines, which ctest would read as two tests.
#define CATCH_CONFIG_CONSOLE_WIDTH 400
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

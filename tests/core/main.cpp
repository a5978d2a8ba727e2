// The test runner; the tests live in one file per feature next to this one.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

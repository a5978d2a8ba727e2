// The merchant library's test runner; one file per feature next to this one.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

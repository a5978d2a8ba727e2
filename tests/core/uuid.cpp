#include <catch2/catch.hpp>

#include "mixpay/uuid.hpp"

using namespace mixpay;

TEST_CASE("is_uuid accepts only the 8-4-4-4-12 hexadecimal form", "[uuid]") {
    SECTION("lowercase, uppercase and mixed case") {
        CHECK(is_uuid("c6d0c728-2624-429b-8e0d-d9d19b6592fa"));
        CHECK(is_uuid("C6D0C728-2624-429B-8E0D-D9D19B6592FA"));
        CHECK(is_uuid("c6D0c728-2624-429b-8E0d-d9d19b6592Fa"));
    }
    SECTION("wrong length, grouping or digits") {
        CHECK_FALSE(is_uuid(""));
        CHECK_FALSE(is_uuid("c6d0c728-2624-429b-8e0d-d9d19b6592f"));
        CHECK_FALSE(is_uuid("c6d0c728-2624-429b-8e0d-d9d19b6592faa"));
        CHECK_FALSE(is_uuid("c6d0c72862-24-429b-8e0d-d9d19b6592fa"));
        CHECK_FALSE(is_uuid("c6d0c728-2624-429b-8e0d-d9d19b6592fg"));
        CHECK_FALSE(is_uuid("c6d0c72826244-29b-8e0d-d9d19b6592fa-"));
        CHECK_FALSE(is_uuid("c6d0c7282624429b8e0dd9d19b6592fa"));
    }
    SECTION("decorated forms") {
        CHECK_FALSE(is_uuid("{c6d0c728-2624-429b-8e0d-d9d19b6592fa}"));
        CHECK_FALSE(is_uuid("urn:uuid:c6d0c728-2624-429b-8e0d-d9d19b6592fa"));
        CHECK_FALSE(is_uuid(" c6d0c728-2624-429b-8e0d-d9d19b6592fa"));
        CHECK_FALSE(is_uuid(std::string("c6d0c728-2624-429b-8e0d-d9d19b6592f\0", 36)));
    }
}

TEST_CASE("canonical_uuid lowercases a UUID and refuses anything else", "[uuid]") {
    CHECK(canonical_uuid("C6D0C728-2624-429B-8E0D-D9D19B6592FA") ==
          "c6d0c728-2624-429b-8e0d-d9d19b6592fa");
    CHECK(canonical_uuid("c6d0c728-2624-429b-8e0d-d9d19b6592fa") ==
          "c6d0c728-2624-429b-8e0d-d9d19b6592fa");
    CHECK(canonical_uuid("../x").empty());
    CHECK(canonical_uuid("").empty());
}

TEST_CASE("uuid_v4 keeps the caller's bytes and sets version and variant", "[uuid]") {
    SECTION("all zero bytes") {
        std::array<std::uint8_t, 16> bytes{};
        CHECK(uuid_v4(bytes) == "00000000-0000-4000-8000-000000000000");
    }
    SECTION("all one bits") {
        std::array<std::uint8_t, 16> bytes;
        bytes.fill(0xFF);
        CHECK(uuid_v4(bytes) == "ffffffff-ffff-4fff-bfff-ffffffffffff");
    }
    SECTION("a counting pattern lands in order") {
        std::array<std::uint8_t, 16> bytes;
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            bytes[i] = static_cast<std::uint8_t>(i * 17);
        }
        const std::string id = uuid_v4(bytes);
        CHECK(id == "00112233-4455-4677-8899-aabbccddeeff");
        CHECK(is_uuid(id));
        CHECK(id[14] == '4');
    }
    SECTION("different bytes give different ids") {
        std::array<std::uint8_t, 16> a{};
        std::array<std::uint8_t, 16> b{};
        b[15] = 1;
        CHECK(uuid_v4(a) != uuid_v4(b));
    }
}

// What the asset files share: the table's amounts as exact rationals and what they are
// worth, MixPay's business errors by code (error-codes.md), and a listing query's values.
#pragma once

#include <optional>
#include <string>

#include <gmpxx.h>

#include "api/assets.hpp"

namespace sandbox::asset_math {

// An amount of the table ("0.01"), always a valid decimal.
mpq_class amount(const char* text);

// The value of `quantity` units of `a`, in USD.
mpq_class usd_value(const asset& a, const mpq_class& quantity);

// How many units of `a` are worth `usd`.
mpq_class units_of(const asset& a, const mpq_class& usd);

// Whether `quantity` units of `a` lie within its payment and settlement limits.
bool within(const asset& a, const mpq_class& quantity);

// The business error `code` with MixPay's message for it ("" for a code without one).
api_error error_of(int code);

// 1017 "Parameter error." followed by `what`.
api_error parameter_error(const std::string& what);

// The first non-empty value of `name` in the query.
std::optional<std::string> value_of(const pairs& query, const char* name);

} // namespace sandbox::asset_math

// The command lines of both servers, on CLI11 (Debian: libcli11-dev): one way to parse,
// to print --help and to refuse a bad option, and the validators both use.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

namespace servers::command_line {

// An app that refuses unknown options itself (see parse) and prints its help on --help/-h.
std::unique_ptr<CLI::App> make_app(const std::string& name, const std::string& description);

// Parses argv. Returns the exit code when the program should end now: 0 after printing the
// help (--help), 1 after printing "<name>: <what is wrong, naming the option>" and the
// help to stderr. nullopt when the options are good.
std::optional<int> parse(CLI::App& app, int argc, const char* const* argv);

// Prints "<name>: <error>" and the help to stderr, for what is checked after parsing;
// returns 1, the exit code of a bad command line.
int refuse(const CLI::App& app, const std::string& error);

// A TCP port, 0 (a free one) to 65535.
const CLI::Validator& port();
// A value that is not empty.
const CLI::Validator& non_empty();
// A folder that exists.
const CLI::Validator& folder();

} // namespace servers::command_line

#include "command_line.hpp"

#include <iostream>

#include <sys/stat.h>

namespace servers::command_line {

std::unique_ptr<CLI::App> make_app(const std::string& name, const std::string& description) {
    auto app = std::make_unique<CLI::App>(description, name);
    // Unknown options are left for parse() to name in the project's words.
    app->allow_extras();
    app->get_formatter()->column_width(30);
    return app;
}

std::optional<int> parse(CLI::App& app, int argc, const char* const* argv) {
    std::string error;
    try {
        app.parse(argc, argv);
        auto extra = app.remaining();
        if (extra.empty()) {
            return std::nullopt;
        }
        error = (extra.front().rfind("-", 0) == 0 ? "unknown option " : "unexpected argument ") +
                extra.front();
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        return 0;
    } catch (const CLI::ParseError& e) {
        error = e.what();
    }
    return refuse(app, error);
}

int refuse(const CLI::App& app, const std::string& error) {
    std::cerr << app.get_name() << ": " << error << "\n\n" << app.help();
    return 1;
}

const CLI::Validator& port() {
    static const CLI::Validator check = CLI::Range(0, 65535).name("PORT");
    return check;
}

const CLI::Validator& non_empty() {
    static const CLI::Validator check(
        [](std::string& value) { return value.empty() ? std::string("must not be empty") : ""; },
        "", "NON_EMPTY");
    return check;
}

const CLI::Validator& folder() {
    static const CLI::Validator check(
        [](std::string& value) {
            struct stat info {};
            return stat(value.c_str(), &info) == 0 && S_ISDIR(info.st_mode)
                       ? std::string()
                       : value + ": not a folder";
        },
        "", "FOLDER");
    return check;
}

} // namespace servers::command_line

// SPDX-License-Identifier: GPL-3.0-or-later
// Error messages are one line, even when they quote what the user gave (a name with a line
// break in a session file or a command-line argument): control characters are written as
// escapes (\n, \r, \t, \x1b).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace flocculus {

inline std::string one_line(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else if (u < 0x20 || u == 0x7f) {
            char b[8];
            std::snprintf(b, sizeof b, "\\x%02x", u);
            out += b;
        } else out += c;
    }
    return out;
}

}  // namespace flocculus

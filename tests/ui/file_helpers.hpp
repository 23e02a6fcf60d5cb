// SPDX-License-Identifier: GPL-3.0-or-later
// Small file helpers shared by the widget tests.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

namespace flocculus::test {

inline QByteArray read_all(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll();
}

inline bool write_all(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

}  // namespace flocculus::test

// SPDX-License-Identifier: GPL-3.0-or-later
// Small file helpers shared by the widget tests.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QFileInfo>
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

// Writes `bytes` to `file` and opens it with `open` (a window's File > Open session), which
// returns its error message; says what is wrong with how the file was refused ("" when all
// is right): one line, starting with the file's name, that contains `expected`.
template <typename Open>
QString refusal_problem(const QString& file, const QByteArray& bytes, const QString& expected,
                        Open open) {
    if (!write_all(file, bytes)) return QStringLiteral("cannot write ") + file;
    const QString error = open(file);
    const QString name = QFileInfo(file).fileName();
    if (!error.startsWith(name + QStringLiteral(": "))) return QStringLiteral("not named: ") + error;
    if (!error.contains(expected)) return QStringLiteral("does not say '") + expected + "': " + error;
    if (error.contains(QLatin1Char('\n'))) return QStringLiteral("not one line: ") + error;
    return {};
}

}  // namespace flocculus::test

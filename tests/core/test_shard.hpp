// SPDX-License-Identifier: GPL-3.0-or-later
// Shards of a data-driven test: ctest may run one test executable as several tests side by
// side (flocculus_add_qtest's SHARDS), each told by FLOCCULUS_TEST_SHARD ("k/n") to keep the
// rows whose index is k modulo n. Without it every row is kept.
#pragma once

#include <QByteArray>
#include <QList>
#include <QtGlobal>
#include <cstddef>

namespace flocculus::test {

inline bool in_shard(std::size_t row) {
    const QByteArray text = qgetenv("FLOCCULUS_TEST_SHARD");
    const QList<QByteArray> parts = text.split('/');
    if (parts.size() != 2) return true;
    bool ok_k = false, ok_n = false;
    const int k = parts[0].toInt(&ok_k), n = parts[1].toInt(&ok_n);
    if (!ok_k || !ok_n || n < 1 || k < 0 || k >= n) qFatal("FLOCCULUS_TEST_SHARD must be k/n with 0 <= k < n");
    return row % static_cast<std::size_t>(n) == static_cast<std::size_t>(k);
}

}  // namespace flocculus::test

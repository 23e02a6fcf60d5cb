// SPDX-License-Identifier: GPL-3.0-or-later
// Holds the precompiled <QtTest> that every Qt Test suite reuses (tests/CMakeLists.txt).
namespace flocculus::test {}

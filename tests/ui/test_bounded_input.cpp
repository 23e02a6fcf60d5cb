// SPDX-License-Identifier: GPL-3.0-or-later
// Input files are read only if they are regular files and never beyond their limit: a
// device (/dev/zero), a FIFO, a folder or an oversized file is refused at once with one
// line, from the command line (--load), File > Open and the lesson folders alike.
#include <QtTest>

#include <QFile>
#include <QTemporaryDir>
#include <sys/stat.h>
#include <unistd.h>

#include "gui_options.hpp"
#include "lessons.hpp"
#include "main_window.hpp"
#include "session.hpp"
#include "window_menus.hpp"

using namespace flocculus;
using namespace flocculus::ui;

class TestBoundedInput : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    QString path(const char* name) const { return dir_.filePath(QString::fromLatin1(name)); }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QCOMPARE(::mkfifo(QFile::encodeName(path("fifo.json")).constData(), 0600), 0);
        QVERIFY(QFile::link(QStringLiteral("/dev/zero"), path("zero-link.json")));
        QVERIFY(QDir(dir_.path()).mkdir(QStringLiteral("folder.json")));
        QFile big(path("big.json"));
        QVERIFY(big.open(QIODevice::WriteOnly));
        QVERIFY(big.resize(kMaxSessionFileBytes + 1));  // sparse: no disk used
    }

    void sessionFilesMustBeRegularAndSmall_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        QTest::newRow("/dev/zero") << QStringLiteral("/dev/zero")
                                   << "zero: not a regular file (a character device)";
        QTest::newRow("link to /dev/zero")
            << path("zero-link.json") << "zero-link.json: not a regular file (a character device)";
        QTest::newRow("FIFO") << path("fifo.json") << "fifo.json: not a regular file (a FIFO)";
        QTest::newRow("folder") << path("folder.json") << "folder.json: not a regular file (a folder)";
        QTest::newRow("too large") << path("big.json")
                                   << QStringLiteral("big.json: too large (%1 bytes; at most %2)")
                                          .arg(kMaxSessionFileBytes + 1)
                                          .arg(kMaxSessionFileBytes);
        QTest::newRow("missing") << path("missing.json")
                                 << "missing.json: cannot be read (No such file or directory)";
    }
    void sessionFilesMustBeRegularAndSmall() {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        const auto r = read_session_file(file);
        QVERIFY(std::holds_alternative<QString>(r));
        QCOMPARE(std::get<QString>(r), expected);
        // The desktop app's --load says the same before any window opens.
        GuiCommandLine command_line;
        const QString error = command_line.parse(
            {QStringLiteral("flocculus"), QStringLiteral("--load"), file}, MainWindow::tab_keys(), {});
        QVERIFY2(error.contains(expected.section(QStringLiteral(": "), 1)), qPrintable(error));
        QVERIFY(!error.contains(QLatin1Char('\n')));
    }

    void fileOpenRefusesDevicesAndFifos() {
        RunConfig c;
        c.trials = 2;
        QVERIFY(!set_parameter(c.params, "network.granule_cells", 2000.0));
        MainWindow w(c);
        QCOMPARE(w.menus()->open_session(QStringLiteral("/dev/zero")),
                 QStringLiteral("zero: not a regular file (a character device)"));
        QCOMPARE(w.menus()->open_session(path("fifo.json")),
                 QStringLiteral("fifo.json: not a regular file (a FIFO)"));
    }

    void lessonFilesMustBeRegular() {
        const auto r = read_lesson_file(path("fifo.json"), MainWindow::tab_keys());
        QVERIFY(std::holds_alternative<QString>(r));
        QVERIFY2(std::get<QString>(r).endsWith(QStringLiteral("fifo.json: not a regular file (a FIFO)")),
                 qPrintable(std::get<QString>(r)));
        // A FIFO among the lessons of a folder is refused, not waited on.
        QTemporaryDir lessons;
        QVERIFY(lessons.isValid());
        QCOMPARE(::mkfifo(QFile::encodeName(lessons.filePath(QStringLiteral("pipe.md"))).constData(), 0600), 0);
        const LessonLibrary library = load_lessons(MainWindow::tab_keys(), {lessons.path()});
        QVERIFY(library.lessons.empty());
        for (const QString& p : library.problems) QVERIFY2(p.contains(QStringLiteral("not a regular file")), qPrintable(p));
    }
};

QTEST_MAIN(TestBoundedInput)
#include "test_bounded_input.moc"

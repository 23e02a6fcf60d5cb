// SPDX-License-Identifier: GPL-3.0-or-later
// The window at the sizes of a laptop (1366 x 768) and of a projector or desktop (1920 x
// 1080): no text cut off, the lesson readable beside the controls, a hidden panel's room
// given to the plots. With FLOCCULUS_TEST_SHOTS set, pictures of each state go there.
#include <QtTest>

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QTabWidget>
#include <QTextBrowser>
#include <QToolBar>
#include <QToolButton>
#include <memory>

#include "circuit_diagram.hpp"
#include "main_window.hpp"
#include "params/registry.hpp"
#include "purkinje_panel.hpp"
#include "transport_bar.hpp"
#include "window_menus.hpp"

using namespace flocculus;
using namespace flocculus::ui;

namespace {

constexpr int kTimeoutMs = 60000;

void keep_picture(QWidget* w, const QString& name) {
    const QString dir = qEnvironmentVariable("FLOCCULUS_TEST_SHOTS");
    if (!dir.isEmpty()) w->grab().save(dir + QLatin1Char('/') + name);
}

// Labels in `root` whose text does not fit them (one line, no wrapping).
QStringList clipped_labels(QWidget* root) {
    QStringList clipped;
    for (QLabel* l : root->findChildren<QLabel*>()) {
        if (!l->isVisibleTo(root) || l->wordWrap() || l->text().isEmpty() || !l->pixmap().isNull())
            continue;
        if (l->sizeHint().width() > l->width() + 1)
            clipped << QStringLiteral("'%1' (%2 > %3 px)")
                           .arg(l->text().left(40))
                           .arg(l->sizeHint().width())
                           .arg(l->width());
    }
    return clipped;
}

// Whether the tool bar hides some of its controls behind its extension button.
bool overflows(QToolBar* bar) {
    for (QToolButton* b : bar->findChildren<QToolButton*>())
        if (b->objectName() == QLatin1String("qt_toolbar_ext_button") && b->isVisible())
            return true;
    return false;
}

QAction* diagram_action(MainWindow& w) {
    for (QAction* menu : w.menuBar()->actions())
        if (menu->menu())
            for (QAction* a : menu->menu()->actions())
                if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_D)) return a;
    return nullptr;
}

}  // namespace

class TestLayout : public QObject {
    Q_OBJECT

  private slots:
    void sizes_data() {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1366x768") << QSize(1366, 768);
        QTest::newRow("1920x1080") << QSize(1920, 1080);
    }

    void sizes() {
        QFETCH(QSize, size);
        RunConfig c;
        c.protocol = Protocol::DirectionLearning;
        if (set_parameter(c.params, "network.granule_cells", 5000)) qFatal("bad size");
        MainWindow w(c);
        w.set_replace_asker(nullptr);
        w.resize(size);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTRY_COMPARE(w.size(), size);
        const QString tag = QStringLiteral("%1x%2").arg(size.width()).arg(size.height());

        // A lesson, and two trials with a partial lesion of LTD.
        const Lesson* lesson =
            find_lesson(w.menus()->lessons(), QStringLiteral("direction-learning"));
        QVERIFY(lesson);
        w.menus()->apply_lesson(*lesson);
        QTRY_VERIFY_WITH_TIMEOUT(w.snapshot()->config.protocol == Protocol::DirectionLearning &&
                                     w.snapshot()->config.params.network_granule_cells ==
                                         lesson->config.params.network_granule_cells,
                                 kTimeoutMs);
        w.runner()->set_lesion(Lesion::Ltd, 0.46);
        w.transport_bar()->set_speed(0.0);
        for (std::size_t i = 1; i <= 2; ++i) {
            w.transport_bar()->step_action()->trigger();
            QTRY_VERIFY_WITH_TIMEOUT(w.snapshot()->trial_index == i && !w.snapshot()->playing,
                                     kTimeoutMs);
        }
        QTRY_VERIFY_WITH_TIMEOUT(w.shown_sequence() == w.snapshot()->sequence, kTimeoutMs);
        QTest::qWait(100);

        // Nothing cut off: the tool bar's controls, the labels of the window and its tabs.
        QVERIFY(!overflows(w.transport_bar()));
        for (int tab = 0; tab < MainWindow::kTabCount; ++tab) {
            w.show_tab(static_cast<MainWindow::Tab>(tab));
            QTest::qWait(30);
            const QStringList clipped = clipped_labels(&w);
            QVERIFY2(clipped.isEmpty(), qPrintable(clipped.join(QStringLiteral(", "))));
        }
        // The partial lesion's share is drawn whole inside the diagram.
        CircuitDiagram* diagram = w.circuit_diagram();
        diagram->repaint();
        QCOMPARE(diagram->lesion_tags().size(), std::size_t{1});
        QVERIFY(diagram->rect().contains(diagram->lesion_tags().front().toAlignedRect()));

        // The lesson is readable and the controls keep their room.
        QDockWidget* lesson_dock = w.menus()->lesson_dock();
        QTRY_VERIFY(lesson_dock->isVisible());
        auto* text = lesson_dock->findChild<QTextBrowser*>();
        QVERIFY(text);
        const int lines = text->viewport()->height() / text->fontMetrics().lineSpacing();
        QVERIFY2(lines >= 20, qPrintable(QString::number(lines)));
        QVERIFY(w.controls_dock()->height() >= size.height() / 3);
        w.show_tab(MainWindow::LearningTab);
        QTest::qWait(50);
        keep_picture(&w, QStringLiteral("layout-%1-lesson.png").arg(tag));
        if (!w.tabifiedDockWidgets(lesson_dock).isEmpty()) {
            w.controls_dock()->raise();
            QTest::qWait(50);
            keep_picture(&w, QStringLiteral("layout-%1-controls.png").arg(tag));
        }

        // Hiding the diagram gives the plots its room; showing it gives it back.
        QAction* diagram_toggle = diagram_action(w);
        QVERIFY(diagram_toggle);
        const int plots = w.tabs()->width();
        diagram_toggle->trigger();
        QTRY_VERIFY(!diagram->isVisible());
        QTRY_VERIFY(w.tabs()->width() > plots + 40);
        keep_picture(&w, QStringLiteral("layout-%1-no-diagram.png").arg(tag));
        diagram_toggle->trigger();
        QTRY_VERIFY(diagram->isVisible());
        QTRY_VERIFY(std::abs(w.tabs()->width() - plots) < 40);
    }
};

QTEST_MAIN(TestLayout)
#include "test_layout.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
#include "help_menu.hpp"

#include <qcustomplot.h>

#include <QAction>
#include <QApplication>
#include <QDesktopServices>
#include <QDialog>
#include <QDialogButtonBox>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QShortcut>
#include <QStatusBar>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <functional>

// The guide is compiled into this static library; referencing its resource initialiser
// keeps the linker from dropping it.
static void init_docs_resources() {
    static const bool done = [] {
        Q_INIT_RESOURCE(docs);
        return true;
    }();
    (void)done;
}

namespace flocculus::ui {
namespace {

const QUrl kGuideUrl(QStringLiteral("qrc:/docs/user-guide.md"));

QFont times(QFont f, double ratio) {
    if (f.pointSizeF() > 0)
        f.setPointSizeF(f.pointSizeF() * ratio);
    else if (f.pixelSize() > 0)
        f.setPixelSize(std::max(1, static_cast<int>(std::lround(f.pixelSize() * ratio))));
    return f;
}

// Scales every font a plot draws with: axes, headings, legends, labels.
void scale_plot(QCustomPlot* plot, double ratio) {
    plot->setFont(times(plot->font(), ratio));
    QList<QCPAxis*> axes;
    for (QCPAxisRect* r : plot->axisRects()) axes << r->axes();
    for (QCPLayoutElement* e : plot->plotLayout()->elements(true)) {
        if (auto* text = qobject_cast<QCPTextElement*>(e))
            text->setFont(times(text->font(), ratio));
        if (auto* legend = qobject_cast<QCPLegend*>(e))
            legend->setFont(times(legend->font(), ratio));
        if (auto* item = qobject_cast<QCPAbstractLegendItem*>(e))
            item->setFont(times(item->font(), ratio));
        if (auto* scale = qobject_cast<QCPColorScale*>(e)) axes << scale->axis();
    }
    for (QCPAxis* a : axes) {
        a->setLabelFont(times(a->labelFont(), ratio));
        a->setTickLabelFont(times(a->tickLabelFont(), ratio));
    }
    for (int i = 0; i < plot->itemCount(); ++i)
        if (auto* text = qobject_cast<QCPItemText*>(plot->item(i)))
            text->setFont(times(text->font(), ratio));
    plot->replot(QCustomPlot::rpQueuedReplot);
}

// Shrinks the guide's pictures (window screenshots) to `width` pixels, keeping their shape.
void fit_images(QTextDocument* doc, int width) {
    QTextCursor cursor(doc);
    for (QTextBlock block = doc->begin(); block.isValid(); block = block.next())
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            QTextImageFormat image = fragment.charFormat().toImageFormat();
            if (!image.isValid()) continue;
            const QImage picture =
                doc->resource(QTextDocument::ImageResource, QUrl(image.name())).value<QImage>();
            if (picture.isNull() || picture.width() <= width) continue;
            image.setWidth(width);
            image.setHeight(static_cast<double>(picture.height()) * width / picture.width());
            cursor.setPosition(fragment.position());
            cursor.setPosition(fragment.position() + fragment.length(), QTextCursor::KeepAnchor);
            cursor.setCharFormat(image);
        }
}

QString plain(QString text) {
    text.remove(QLatin1Char('&'));
    text.remove(QStringLiteral("…"));
    return text;
}

}  // namespace

HelpMenu::HelpMenu(QMainWindow* window, QMenu* view) : QObject(window), window_(window) {
    init_docs_resources();
    base_point_size_ = QApplication::font().pointSizeF();

    // Presenter mode, in the View menu.
    view->addSeparator();
    full_screen_ = view->addAction(tr("&Full screen (presenter mode)"));
    full_screen_->setCheckable(true);
    full_screen_->setShortcut(QKeySequence(Qt::Key_F11));
    connect(full_screen_, &QAction::toggled, window_, [this](bool on) {
        if (on)
            window_->showFullScreen();
        else
            window_->showNormal();
    });
    larger_ = view->addAction(tr("&Larger text"));
    larger_->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence(Qt::CTRL | Qt::Key_Plus)});
    connect(larger_, &QAction::triggered, this,
            [this] { set_text_scale(scale_ * kTextScaleStep); });
    smaller_ = view->addAction(tr("&Smaller text"));
    smaller_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Minus));
    connect(smaller_, &QAction::triggered, this,
            [this] { set_text_scale(scale_ / kTextScaleStep); });
    QAction* normal = view->addAction(tr("&Normal text size"));
    normal->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(normal, &QAction::triggered, this, [this] { set_text_scale(1.0); });

    menu_ = window_->menuBar()->addMenu(tr("&Help"));
    QAction* guide = menu_->addAction(tr("&User guide"), this, [this] { show_guide(); });
    guide->setShortcut(QKeySequence::HelpContents);
    menu_->addAction(tr("&Keyboard shortcuts"), this, &HelpMenu::show_shortcuts);
    menu_->addSeparator();
    menu_->addAction(tr("&About Flocculus"), this, &HelpMenu::show_about);
}

void HelpMenu::set_text_scale(double scale) {
    scale = std::clamp(scale, kMinTextScale, kMaxTextScale);
    if (std::abs(scale - scale_) < 1e-9 || base_point_size_ <= 0) return;
    const double ratio = scale / scale_;
    scale_ = scale;
    QFont f = QApplication::font();
    f.setPointSizeF(base_point_size_ * scale);
    QApplication::setFont(f);
    // Widgets and plots that chose a font of their own follow by the same ratio.
    for (QWidget* w : window_->findChildren<QWidget*>()) {
        if (auto* plot = qobject_cast<QCustomPlot*>(w)) {
            scale_plot(plot, ratio);
            continue;
        }
        if (w->testAttribute(Qt::WA_SetFont)) w->setFont(times(w->font(), ratio));
    }
    window_->statusBar()->showMessage(tr("Text size %1 %").arg(qRound(scale * 100)), 2000);
}

QStringList HelpMenu::shortcut_lines() const {
    QStringList lines;
    const auto add = [&lines](const QList<QKeySequence>& keys, const QString& what) {
        QStringList k;
        for (const QKeySequence& key : keys) k << key.toString(QKeySequence::NativeText);
        if (!k.isEmpty() && !what.isEmpty())
            lines << k.join(QStringLiteral(" or ")) + QStringLiteral(" — ") + what;
    };
    // The menus' and the tool bars' actions, then the window's own.
    QList<QAction*> seen;
    std::function<void(QMenu*)> walk = [&](QMenu* m) {
        for (QAction* a : m->actions()) {
            if (a->menu()) {
                walk(a->menu());
                continue;
            }
            seen << a;
            add(a->shortcuts(), plain(a->text()));
        }
    };
    for (QAction* a : window_->menuBar()->actions())
        if (a->menu()) walk(a->menu());
    for (QAction* a : window_->findChildren<QAction*>()) {
        if (seen.contains(a) || a->shortcuts().isEmpty()) continue;
        seen << a;
        const QString tip = a->toolTip().section(QStringLiteral(" ("), 0, 0);
        add(a->shortcuts(),
            plain(tip.isEmpty() || tip == a->text() ? a->text()
                                                    : a->text() + QStringLiteral(": ") + tip));
    }
    for (QShortcut* s : window_->findChildren<QShortcut*>()) add({s->key()}, s->whatsThis());
    lines << tr("Escape — leave a box being typed into (the keys above work again)");
    lines << tr("Mouse wheel, drag, double-click on a plot — zoom, pan, back to the whole view");
    return lines;
}

void HelpMenu::show_shortcuts() {
    QMessageBox box(QMessageBox::NoIcon, tr("Keyboard shortcuts"),
                    tr("These keys work wherever the focus is, except while typing into a box."),
                    QMessageBox::Close, window_);
    box.setInformativeText(shortcut_lines().join(QLatin1Char('\n')));
    box.exec();
}

QTextBrowser* HelpMenu::show_guide() {
    if (!guide_) {
        guide_ = new QDialog(window_);
        guide_->setWindowTitle(tr("Flocculus user guide"));
        guide_->setAttribute(Qt::WA_DeleteOnClose);
        auto* layout = new QVBoxLayout(guide_);
        auto* text = new QTextBrowser(guide_);
        text->setObjectName(QStringLiteral("guide"));
        text->setOpenLinks(true);
        text->setOpenExternalLinks(true);
        text->setSource(kGuideUrl, QTextDocument::MarkdownResource);
        fit_images(text->document(), 680);
        connect(text, &QTextBrowser::sourceChanged, text,
                [text] { fit_images(text->document(), 680); });
        layout->addWidget(text);
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, guide_);
        connect(buttons, &QDialogButtonBox::rejected, guide_, &QDialog::close);
        layout->addWidget(buttons);
        guide_->resize(window_->size().boundedTo(QSize(900, 1000)) * 0.9);
    }
    guide_->show();
    guide_->raise();
    return guide_->findChild<QTextBrowser*>(QStringLiteral("guide"));
}

QString HelpMenu::about_text() const {
    return tr("<h3>Flocculus %1</h3>"
              "<p>A spiking model of the floccular cerebellum that learns smooth eye pursuit, "
              "with a laboratory to run, change and compare it.</p>"
              "<p>Free software under the GNU General Public License, version 3 or (at your "
              "option) any later version. It comes with no warranty.</p>"
              "<p>Built with Qt %2, QCustomPlot and Eigen.</p>")
        .arg(QApplication::applicationVersion().isEmpty() ? QStringLiteral(FLOCCULUS_VERSION)
                                                          : QApplication::applicationVersion(),
             QString::fromLatin1(qVersion()));
}

void HelpMenu::show_about() {
    QMessageBox::about(window_, tr("About Flocculus"), about_text());
}

}  // namespace flocculus::ui

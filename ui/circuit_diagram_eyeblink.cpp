// SPDX-License-Identifier: GPL-3.0-or-later
// The circuit diagram during the eyeblink protocols: the same cerebellar logic drawn as the
// eyeblink module (DESIGN §1.8). The tone's mossy fibres excite granule cells (with their
// Golgi cells, the granular-layer clock), whose parallel fibres reach the eyeblink zone's
// Purkinje cells; these inhibit the interpositus nucleus, which closes the eyelid; the puff
// (US) drives the olive, whose climbing fibres teach the Purkinje cells. Each part is lit by
// Snapshot::eyeblink_activity, computed from the trial's recording (eyeblink_display.hpp).
#include <QCoreApplication>
#include <QPainter>

#include <algorithm>
#include <cmath>

#include "arrow.hpp"
#include "circuit_diagram.hpp"
#include "palette.hpp"

namespace flocculus::ui {
namespace {

using Node = CircuitDiagram::Node;

struct EyeblinkNames {
    const char* title;
    const char* abbreviation;
    const char* role;
};

// The parts whose name or role differ in the eyeblink module (others keep theirs).
const EyeblinkNames* names(Node n) {
    static const EyeblinkNames mossy{
        QT_TRANSLATE_NOOP("flocculus::ui::CircuitDiagram", "Tone mossy fibres"), "CS MF",
        QT_TRANSLATE_NOOP("flocculus::ui::CircuitDiagram",
                          "The tone (CS): a steady rise of these fibres' firing while it is "
                          "on, with nothing timed in it")};
    static const EyeblinkNames granule{
        QT_TRANSLATE_NOOP("flocculus::ui::CircuitDiagram", "Granule cells"), "GC",
        QT_TRANSLATE_NOOP("flocculus::ui::CircuitDiagram",
                          "With the Golgi cells they turn the steady tone into a pattern that "
                          "changes with time since tone onset (see the Clock tab)")};
    static const EyeblinkNames golgi{
        QT_TRANSLATE_NOOP("flocculus::ui::CircuitDiagram", "Golgi cells"), "Golgi",
        QT_TRANSLATE_NOOP("flocculus::ui::CircuitDiagram",
                          "Slow feedback inhibition of the granule cells, driven by them and by "
                          "the tone's fibres: it makes the clock")};
    static const EyeblinkNames interneurons{
        QT_TRANSLATE_NOOP("flocculus::ui::CircuitDiagram", "Interneurons"), "MLI",
        QT_TRANSLATE_NOOP("flocculus::ui::CircuitDiagram",
                          "Balance the Purkinje cells' parallel-fibre drive at its initial "
                          "weights: they follow the granule cells' activity")};
    static const EyeblinkNames purkinje{
        QT_TRANSLATE_NOOP("flocculus::ui::CircuitDiagram", "Eyeblink Purkinje cells"), "PC",
        QT_TRANSLATE_NOOP("flocculus::ui::CircuitDiagram",
                          "The eyeblink zone: they learn to pause just before the puff, by LTD "
                          "of the parallel fibres active then")};
    static const EyeblinkNames olive{
        QT_TRANSLATE_NOOP("flocculus::ui::CircuitDiagram", "Inferior olive"), "IO",
        QT_TRANSLATE_NOOP("flocculus::ui::CircuitDiagram",
                          "The puff (US) makes its climbing fibres fire: the teacher")};
    static const EyeblinkNames nucleus{
        QT_TRANSLATE_NOOP("flocculus::ui::CircuitDiagram", "Interpositus nucleus"), "DCN",
        QT_TRANSLATE_NOOP("flocculus::ui::CircuitDiagram",
                          "Released by the Purkinje pause; drives the blink through the red "
                          "and facial nuclei")};
    static const EyeblinkNames eyelid{
        QT_TRANSLATE_NOOP("flocculus::ui::CircuitDiagram", "Eyelid"), "Lid",
        QT_TRANSLATE_NOOP("flocculus::ui::CircuitDiagram",
                          "Closes with the nucleus's output (the learned blink, CR) and to the "
                          "puff (the reflex blink, UR)")};
    switch (n) {
        case Node::Mossy: return &mossy;
        case Node::Granule: return &granule;
        case Node::Golgi: return &golgi;
        case Node::Interneurons: return &interneurons;
        case Node::Purkinje: return &purkinje;
        case Node::Olive: return &olive;
        case Node::Nuclei: return &nucleus;
        case Node::Eye: return &eyelid;
        default: return nullptr;
    }
}

QString translated(const char* s) {
    return QCoreApplication::translate("flocculus::ui::CircuitDiagram", s);
}

}  // namespace

QString CircuitDiagram::eyeblink_name(Node n, bool abbreviated) const {
    const EyeblinkNames* e = names(n);
    if (!e) return {};
    return abbreviated ? QString::fromUtf8(e->abbreviation) : translated(e->title);
}

QString CircuitDiagram::eyeblink_role(Node n) const {
    const EyeblinkNames* e = names(n);
    return e ? translated(e->role) : QString();
}

std::optional<PopulationRate> CircuitDiagram::eyeblink_node_activity(Node n) const {
    const EyeblinkActivity& a = eb_activity_;
    switch (n) {
        case Node::Mossy: return a.cs_mossy;
        case Node::Granule: return a.granule;
        case Node::Purkinje: return a.purkinje;
        case Node::Nuclei: return a.nucleus;
        case Node::Golgi: return a.golgi;
        case Node::Interneurons: return a.interneurons;
        // The olive is shown by the puff that drives it (its spikes are not in the record).
        case Node::Olive: return PopulationRate{std::nan(""), 0.0};
        default: return std::nullopt;
    }
}

std::optional<QColor> CircuitDiagram::eyeblink_fill(Node n) const {
    if (n == Node::Olive && lesion_fraction(n) < 1.0)
        return eb_activity_.puff ? palette::activity_high() : palette::activity_rest();
    if (n == Node::Eye)  // darker as the lid closes
        return palette::mixed(palette::activity_rest(), QColor(0xC8, 0x9F, 0x82),
                              std::clamp(eb_activity_.eyelid, 0.0, 1.0));
    const auto a = eyeblink_node_activity(n);
    if ((n == Node::Granule || n == Node::Golgi || n == Node::Interneurons) && a &&
        !(a->baseline_hz > 0))
        return palette::activity_rest();  // no rest measured yet: no colour to compare with
    return std::nullopt;
}

QString CircuitDiagram::eyeblink_value_text(Node n) const {
    if (n == Node::Eye)
        return eb_activity_.measured ? tr("%1 %").arg(std::lround(eb_activity_.eyelid * 100))
                                     : QStringLiteral("–");
    if (n == Node::Olive) return eb_activity_.puff ? tr("puff") : QStringLiteral("–");
    return {};
}

void CircuitDiagram::paint_eyeblink_extras(QPainter& p) const {
    const double u = unit();
    const double w = std::max(1.4, u * 0.55);
    const QRectF io = node_rect(Node::Olive), mf = node_rect(Node::Mossy);
    QFont f = font();
    f.setPixelSize(static_cast<int>(std::clamp(u * 3.4, 9.0, 24.0)));
    f.setBold(true);
    p.setFont(f);
    const QFontMetricsF fm(f);
    // The puff (US) to the olive, from the top right; lit while it drives the olive.
    const QColor us = eb_activity_.puff ? palette::sky_blue().darker(110) : QColor(0x8A, 0x90, 0x98);
    const QString us_text = tr("US (puff)");
    const QPointF from(std::min(width() - w * 2, io.right() + fm.horizontalAdvance(us_text) + u * 6),
                       io.top() + io.height() * 0.25);
    const QPointF to(io.right() + w * 1.2, io.top() + io.height() * 0.25);
    draw_arrow(p, from, to, us, w * (eb_activity_.puff ? 2.0 : 1.3), w * 4.0);
    p.setPen(us);
    p.drawText(QRectF(to.x() + w * 4, io.top() - fm.height() * 1.15, from.x() - to.x(), fm.height()),
               Qt::AlignLeft | Qt::AlignBottom, us_text);
    // The tone (CS) into the mossy fibres, from the left edge; lit while it is on.
    const QColor cs = eb_activity_.tone ? palette::orange().darker(115) : QColor(0x8A, 0x90, 0x98);
    const QString cs_text = tr("tone (CS)");
    const QPointF cs_to(mf.center().x(), mf.top() - w * 1.2);
    const QPointF cs_from(cs_to.x(), cs_to.y() - u * 7);
    draw_arrow(p, cs_from, cs_to, cs, w * (eb_activity_.tone ? 2.0 : 1.3), w * 4.0);
    p.setPen(cs);
    p.drawText(QRectF(cs_from.x() - mf.width() / 2, cs_from.y() - fm.height(),
                      fm.horizontalAdvance(cs_text) + u, fm.height()),
               Qt::AlignLeft | Qt::AlignBottom, cs_text);
}

}  // namespace flocculus::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "circuit_diagram.hpp"

#include <QCoreApplication>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QStringList>
#include <QToolTip>
#include <algorithm>
#include <cmath>

#include "palette.hpp"

namespace flocculus::ui {
namespace {

using Node = CircuitDiagram::Node;

enum class Shape { Population, Badge, Plain };

// A part of the diagram, placed in a layout of 100 × 100 units stretched to the widget.
struct NodeDef {
    Node node;
    const char* title;  // when there is room
    const char* abbreviation;
    const char* role;   // one line for the tooltip
    QPointF centre;
    QSizeF size;
    Shape shape;
    std::optional<Lesion> lesion;
};

const std::array<NodeDef, CircuitDiagram::kNodeCount>& nodes() {
    static const std::array<NodeDef, CircuitDiagram::kNodeCount> defs{{
        {Node::Mossy, QT_TR_NOOP("Mossy fibres"), "MF",
         QT_TR_NOOP("Context (time in the trial), target-motion and eye-velocity inputs"),
         {7, 55}, {13, 20}, Shape::Population, Lesion::MossyContext},
        {Node::Granule, QT_TR_NOOP("Granule cells"), "GC",
         QT_TR_NOOP("Expand the mossy-fibre code; their axons are the parallel fibres"),
         {25, 55}, {13, 20}, Shape::Population, std::nullopt},
        {Node::Golgi, QT_TR_NOOP("Golgi cells"), "Golgi",
         QT_TR_NOOP("Pool granule activity and inhibit granule cells: keep the code sparse"),
         {25, 84}, {13, 13}, Shape::Population, Lesion::Golgi},
        {Node::Interneurons, QT_TR_NOOP("Interneurons"), "MLI",
         QT_TR_NOOP("Stellate and basket cells: feedforward inhibition of Purkinje cells by "
                    "parallel-fibre activity"),
         {40, 16}, {12, 14}, Shape::Population, std::nullopt},
        {Node::Purkinje, QT_TR_NOOP("Purkinje cells"), "PC",
         QT_TR_NOOP("The cortex's only output: simple spikes inhibit the nuclei"),
         {54, 55}, {20, 38}, Shape::Population, Lesion::Purkinje},
        {Node::Olive, QT_TR_NOOP("Inferior olive"), "IO",
         QT_TR_NOOP("Climbing fibres: a complex spike signals the error (retinal slip)"),
         {74, 15}, {12, 16}, Shape::Population, Lesion::Io},
        {Node::Nuclei, QT_TR_NOOP("Deep nuclei"), "DCN",
         QT_TR_NOOP("Mossy-fibre excitation minus Purkinje inhibition; their output moves the "
                    "eye"),
         {75, 55}, {13, 20}, Shape::Population, Lesion::Dcn},
        {Node::NucleoOlivary, QT_TR_NOOP("Nucleo-olivary"), "NO",
         QT_TR_NOOP("Nuclear neurons that inhibit the olive: the teaching signal shrinks as "
                    "learning proceeds"),
         {91, 33}, {10, 11}, Shape::Badge, Lesion::NucleoOlivary},
        {Node::Eye, QT_TR_NOOP("Brainstem and eye"), "Eye",
         QT_TR_NOOP("The brainstem pursuit pathway and the oculomotor plant"),
         {93, 55}, {11, 16}, Shape::Plain, std::nullopt},
        {Node::Ltd, QT_TR_NOOP("LTD"), "LTD",
         QT_TR_NOOP("Long-term depression of parallel-fibre synapses after complex spikes"),
         {37, 64}, {8, 7}, Shape::Badge, Lesion::Ltd},
        {Node::Ltp, QT_TR_NOOP("LTP"), "LTP",
         QT_TR_NOOP("Long-term potentiation of parallel-fibre synapses without complex spikes"),
         {37, 73}, {8, 7}, Shape::Badge, Lesion::Ltp},
        {Node::NuclearPlasticity, QT_TR_NOOP("DCN plasticity"), "plast.",
         QT_TR_NOOP("Slow plasticity of mossy-fibre synapses in the nuclei (savings)"),
         {58, 94}, {19, 8}, Shape::Badge, Lesion::DcnPlasticity},
    }};
    return defs;
}

const NodeDef& def(Node n) {
    const NodeDef& d = nodes()[static_cast<std::size_t>(n)];
    Q_ASSERT(d.node == n);  // the table is in the order of Node
    return d;
}

QString tr_(const char* s) {
    return QCoreApplication::translate("flocculus::ui::CircuitDiagram", s);
}

// Arrows on the microzones, in the order of kZoneNames.
constexpr std::array<const char*, kZoneCount> kZoneArrows{"→", "←", "↑", "↓"};
// Where each microzone sits in the Purkinje node's 2 × 2 grid (column, row).
constexpr std::array<std::array<int, 2>, kZoneCount> kZoneCells{{{1, 0}, {0, 0}, {0, 1}, {1, 1}}};

QColor edge_colour() { return {0x4A, 0x50, 0x58}; }

// Lights a population by its rate relative to baseline: blue below, orange above,
// on a logarithmic scale that saturates at half and twice the baseline, compressed so
// that changes of several percent show.
constexpr double kActivityGamma = 0.6;
QColor activity_colour(const PopulationRate& r, bool measured) {
    if (!measured || r.baseline_hz <= 0) return palette::activity_rest();
    const double ratio = std::max(r.rate_hz, 1e-3 * r.baseline_hz) / r.baseline_hz;
    const double t = std::clamp(std::log2(ratio), -1.0, 1.0);
    const double s = std::pow(std::abs(t), kActivityGamma);
    return palette::mixed(palette::activity_rest(),
                          t < 0 ? palette::activity_low() : palette::activity_high(), s);
}

QColor text_on(const QColor& fill) {
    return fill.lightnessF() < 0.45 ? QColor(Qt::white) : QColor(0x1F, 0x21, 0x25);
}

QString rate_text(double hz) {
    return QStringLiteral("%1 Hz").arg(hz, 0, 'f', hz < 10 ? 1 : 0);
}

// Rate units (not spiking cells) show their activity relative to baseline.
bool shown_relative(Node n) { return n == Node::Golgi || n == Node::Interneurons; }

QString relative_text(const PopulationRate& r) {
    return r.baseline_hz > 0 ? QStringLiteral("×%1").arg(r.rate_hz / r.baseline_hz, 0, 'f', 2)
                             : QString();
}

void draw_head(QPainter& p, QPointF tip, QPointF dir, bool inhibitory, double size,
               const QColor& colour) {
    const double len = std::hypot(dir.x(), dir.y());
    if (len < 1e-9) return;
    const QPointF u = dir / len, n(-u.y(), u.x());
    if (inhibitory) {
        p.setPen(QPen(colour, size * 0.35, Qt::SolidLine, Qt::FlatCap));
        p.drawLine(tip + n * size * 0.75, tip - n * size * 0.75);
        return;
    }
    QPainterPath head;
    head.moveTo(tip);
    head.lineTo(tip - u * size * 1.6 + n * size * 0.7);
    head.lineTo(tip - u * size * 1.6 - n * size * 0.7);
    head.closeSubpath();
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    p.drawPath(head);
}

// A connection along `path`, ending in an arrow (excitation) or a bar (inhibition).
void draw_edge(QPainter& p, const QPainterPath& path, bool inhibitory, double width,
               const QColor& colour = edge_colour()) {
    p.setPen(QPen(colour, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
    const QPointF tip = path.pointAtPercent(1.0);
    const QPointF before =
        path.pointAtPercent(std::max(0.0, 1.0 - 4.0 / std::max(path.length(), 4.0)));
    draw_head(p, tip, tip - before, inhibitory, width * 2.6, colour);
}

// The mark of a lesioned part, across its box `r` (`u`: a layout unit in pixels).
void draw_cross(QPainter& p, const QRectF& r, double u) {
    QColor c = palette::lesioned();
    c.setAlphaF(0.8f);
    p.setPen(QPen(c, std::max(2.5, u * 0.9), Qt::SolidLine, Qt::RoundCap));
    const QRectF x = r.adjusted(r.width() * 0.08, r.height() * 0.08, -r.width() * 0.08,
                                -r.height() * 0.08);
    p.drawLine(x.topLeft(), x.bottomRight());
    p.drawLine(x.topRight(), x.bottomLeft());
}

QPainterPath line(QPointF a, QPointF b) {
    QPainterPath path(a);
    path.lineTo(b);
    return path;
}

}  // namespace

CircuitDiagram::CircuitDiagram(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
}

std::optional<Lesion> CircuitDiagram::lesion_of(Node n) { return def(n).lesion; }

void CircuitDiagram::show_snapshot(const Snapshot& s) {
    activity_ = s.activity;
    eye_speed_deg_s_ = std::hypot(s.eye_velocity_deg_s.x, s.eye_velocity_deg_s.y);
    no_delay_ms_ = s.config.params.io_nucleo_olivary_delay_ms;
    no_tau_ms_ = s.config.params.io_nucleo_olivary_tau_ms;
    eyeblink_ = is_eyeblink_protocol(s.config.protocol);
    eb_activity_ = s.eyeblink_activity;
    if (s.commands_applied >= hold_until_) lesions_ = s.lesions_in_force;
    update();
}

QString CircuitDiagram::nucleo_olivary_timing() const {
    QStringList parts;
    if (no_delay_ms_ > 0) parts << tr("%1 ms delay").arg(no_delay_ms_, 0, 'g', 4);
    if (no_tau_ms_ > 0) parts << tr("\u03c4 %1 ms").arg(no_tau_ms_, 0, 'g', 4);
    return parts.join(QStringLiteral(", "));
}

void CircuitDiagram::hold_until(std::uint64_t command) {
    hold_until_ = std::max(hold_until_, command);
}

void CircuitDiagram::set_chosen_zone(int zone) {
    if (zone < 0 || zone >= kZoneCount || zone == chosen_zone_) return;
    chosen_zone_ = zone;
    update();
}

double CircuitDiagram::unit() const { return std::min(width(), height()) / 100.0; }

QPointF CircuitDiagram::to_widget(QPointF v) const {
    return {v.x() * width() / 100.0, v.y() * height() / 100.0};
}

QRectF CircuitDiagram::node_rect(Node n) const {
    const NodeDef& d = def(n);
    const QPointF c = to_widget(d.centre);
    const QSizeF s(d.size.width() * width() / 100.0, d.size.height() * height() / 100.0);
    return {c.x() - s.width() / 2, c.y() - s.height() / 2, s.width(), s.height()};
}

QRectF CircuitDiagram::zone_rect(int zone) const {
    const QRectF r = node_rect(Node::Purkinje);
    const double pad = 0.06 * r.width();
    const double top = r.top() + 0.3 * r.height();
    const double w = (r.width() - 3 * pad) / 2, h = (r.bottom() - pad - top - pad) / 2;
    const auto cell = kZoneCells[static_cast<std::size_t>(zone)];
    return {r.left() + pad + cell[0] * (w + pad), top + cell[1] * (h + pad), w, h};
}

QPointF CircuitDiagram::node_centre(Node n) const { return node_rect(n).center(); }
QPointF CircuitDiagram::zone_centre(int zone) const { return zone_rect(zone).center(); }

double CircuitDiagram::lesion_fraction(Node n) const {
    const auto l = def(n).lesion;
    return l ? lesions_[*l] : 0.0;
}

bool CircuitDiagram::shows_lesioned(Node n) const { return lesion_fraction(n) > 0; }

bool CircuitDiagram::measured() const {
    return eyeblink_ ? eb_activity_.measured : activity_.window_ms > 0;
}

QString CircuitDiagram::node_title(Node n) const {
    const QString own = eyeblink_ ? eyeblink_name(n, false) : QString();
    return own.isEmpty() ? tr_(def(n).title) : own;
}

std::optional<PopulationRate> CircuitDiagram::node_activity(Node n) const {
    if (eyeblink_) return eyeblink_node_activity(n);
    switch (n) {
        case Node::Mossy: return activity_.mossy;
        case Node::Granule: return activity_.granule;
        case Node::Golgi: return activity_.golgi;
        case Node::Interneurons: return activity_.interneurons;
        case Node::Purkinje: return zone_mean(activity_.purkinje);
        case Node::Olive: return zone_mean(activity_.olive);
        case Node::Nuclei: return zone_mean(activity_.nuclei);
        default: return std::nullopt;
    }
}

QColor CircuitDiagram::node_fill(Node n) const {
    if (shows_lesioned(n) && lesion_fraction(n) >= 1.0)
        return palette::lightened(palette::lesioned(), 0.8);
    if (eyeblink_)
        if (const auto fill = eyeblink_fill(n)) return *fill;
    const auto a = node_activity(n);
    if (!a) return def(n).shape == Shape::Badge ? QColor(Qt::white) : palette::activity_rest();
    return activity_colour(*a, measured() && std::isfinite(a->rate_hz));
}

CircuitDiagram::Hit CircuitDiagram::hit(QPointF p) const {
    if (!eyeblink_)
        for (int z = 0; z < kZoneCount; ++z)
            if (zone_rect(z).contains(p)) return {std::nullopt, z};
    for (const NodeDef& d : nodes())
        if (node_rect(d.node).contains(p)) return {d.node, std::nullopt};
    return {};
}

QString CircuitDiagram::zone_tooltip(int zone) const {
    const auto z = static_cast<std::size_t>(zone);
    QString tip = tr("<b>%1 microzone</b><br>Purkinje cells whose complex spikes prefer slip "
                     "%2 and whose nucleus moves the eye %2.")
                      .arg(QString::fromUtf8(kZoneNames[z]).at(0).toUpper() +
                               QString::fromUtf8(kZoneNames[z]).mid(1),
                           QString::fromUtf8(kZoneNames[z]));
    if (activity_.window_ms > 0)
        tip += tr("<br>Simple spikes %1 (rest %2), complex spikes %3.")
                   .arg(rate_text(activity_.purkinje[z].rate_hz),
                        rate_text(activity_.purkinje[z].baseline_hz),
                        rate_text(activity_.olive[z].rate_hz));
    return tip + tr("<br><i>Click to show this microzone in the Purkinje panel.</i>");
}

QString CircuitDiagram::node_tooltip(Node n) const {
    const NodeDef& d = def(n);
    const QString role = eyeblink_ ? eyeblink_role(n) : QString();
    const QString abbreviation = eyeblink_ ? eyeblink_name(n, true) : QString();
    QString tip = QStringLiteral("<b>%1</b> (%2)<br>%3.")
                      .arg(node_title(n),
                           abbreviation.isEmpty() ? QString::fromUtf8(d.abbreviation) : abbreviation,
                           role.isEmpty() ? tr_(d.role) : role);
    if (const auto a = node_activity(n); a && measured() && std::isfinite(a->rate_hz)) {
        tip += shown_relative(n)
                   ? tr("<br>Activity %1 of rest.").arg(relative_text(*a))
                   : tr("<br>Rate %1 (rest %2), last %3 ms.")
                         .arg(rate_text(a->rate_hz), rate_text(a->baseline_hz))
                         .arg(eyeblink_ ? eb_activity_.window_ms : activity_.window_ms, 0, 'f', 0);
    }
    if (eyeblink_ && n == Node::Eye)
        tip += tr("<br>Eyelid closure %1 %.").arg(std::lround(eb_activity_.eyelid * 100));
    else if (n == Node::Eye) tip += tr("<br>Eye speed %1 deg/s.").arg(eye_speed_deg_s_, 0, 'f', 1);
    if (n == Node::NucleoOlivary) {
        const QString timing = nucleo_olivary_timing();
        tip += timing.isEmpty() ? tr("<br>Inhibits the olive at once.")
                                : tr("<br>Slow inhibition of the olive: %1.").arg(timing);
    }
    if (d.lesion) {
        const auto info = lesion_infos()[static_cast<std::size_t>(*d.lesion)];
        const QString name = QString::fromUtf8(info.name);
        const QString what = QString::fromUtf8(info.description);
        tip += shows_lesioned(n)
                   ? tr("<br><b>Lesioned</b> (%1, %2 %): %3.<br><i>Click to restore.</i>")
                         .arg(name)
                         .arg(std::lround(lesion_fraction(n) * 100))
                         .arg(what)
                   : tr("<br><i>Click to lesion (%1): %2.</i>").arg(name, what);
    }
    return tip;
}

bool CircuitDiagram::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        const Hit h = hit(help->pos());
        if (h.zone)
            QToolTip::showText(help->globalPos(), zone_tooltip(*h.zone), this);
        else if (h.node)
            QToolTip::showText(help->globalPos(), node_tooltip(*h.node), this);
        else
            QToolTip::showText(help->globalPos(),
                               tr("Parts are lit by their firing relative to rest: blue below, "
                                  "orange above. Click a part to lesion it."),
                               this);
        return true;
    }
    return QWidget::event(e);
}

void CircuitDiagram::mousePressEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton) return QWidget::mousePressEvent(e);
    const Hit h = hit(e->position());
    if (h.zone) {
        set_chosen_zone(*h.zone);
        emit zone_chosen(*h.zone);
        return;
    }
    if (!h.node) return;
    const auto l = def(*h.node).lesion;
    if (!l) return;
    const double fraction = lesions_[*l] > 0 ? 0.0 : 1.0;
    lesions_[*l] = fraction;
    update();
    emit requested(cmd::SetLesion{*l, fraction});
}

void CircuitDiagram::mouseMoveEvent(QMouseEvent* e) {
    const Hit h = hit(e->position());
    if (h.node != hover_.node || h.zone != hover_.zone) {
        hover_ = h;
        const bool clickable = h.zone || (h.node && def(*h.node).lesion);
        setCursor(clickable ? Qt::PointingHandCursor : Qt::ArrowCursor);
        update();
    }
    QWidget::mouseMoveEvent(e);
}

void CircuitDiagram::leaveEvent(QEvent* e) {
    hover_ = {};
    unsetCursor();
    update();
    QWidget::leaveEvent(e);
}

void CircuitDiagram::paintEvent(QPaintEvent*) {
    ++paint_count_;
    last_tags_.clear();
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().color(QPalette::Base));
    paint_legend(p);
    paint_edges(p);
    for (const NodeDef& d : nodes())
        if (d.node != Node::Purkinje) paint_node(p, d.node);
    if (eyeblink_) {
        paint_node(p, Node::Purkinje);  // one population: the eyeblink zone
        paint_eyeblink_extras(p);
    } else {
        paint_purkinje(p);
    }
    // Last, so that no node or badge painted later hides them.
    for (const NodeDef& d : nodes()) paint_lesion_tag(p, d.node);
}

void CircuitDiagram::paint_lesion_tag(QPainter& p, Node n) const {
    if (!shows_lesioned(n)) return;
    const double f = lesion_fraction(n);
    if (f >= 1.0) return;
    const QRectF r = node_rect(n);
    const double u = unit();
    QFont small = font();
    small.setPixelSize(static_cast<int>(std::clamp(u * 3.2, 8.0, 22.0)));
    small.setBold(true);
    p.setFont(small);
    const QString pct = QStringLiteral("%1 %").arg(std::lround(f * 100));
    const QFontMetricsF fm(small);
    // Below the node, or above it when another node is just below (the LTD badge sits on
    // the LTP one), on a plate of the background, wide enough for the text.
    const double w = fm.horizontalAdvance(pct) + u * 1.2;
    QRectF tag(r.center().x() - w / 2, r.bottom() + u * 0.3, w, fm.height());
    for (const NodeDef& other : nodes())
        if (other.node != n && node_rect(other.node).intersects(tag)) {
            tag.moveBottom(r.top() - u * 0.3);
            break;
        }
    p.setPen(Qt::NoPen);
    QColor plate = palette().color(QPalette::Base);
    plate.setAlphaF(0.92f);
    p.setBrush(plate);
    p.drawRoundedRect(tag, u * 0.6, u * 0.6);
    p.setPen(palette::lesioned());
    p.drawText(tag, Qt::AlignCenter, pct);
    last_tags_.push_back(tag);
}

void CircuitDiagram::paint_edges(QPainter& p) const {
    const double w = std::max(1.4, unit() * 0.55);
    const auto at = [this](double x, double y) { return to_widget({x, y}); };
    const QRectF mf = node_rect(Node::Mossy), gc = node_rect(Node::Granule),
                 go = node_rect(Node::Golgi), mli = node_rect(Node::Interneurons),
                 pc = node_rect(Node::Purkinje), io = node_rect(Node::Olive),
                 dcn = node_rect(Node::Nuclei), no = node_rect(Node::NucleoOlivary),
                 eye = node_rect(Node::Eye), ltd = node_rect(Node::Ltd);
    const double gap = w * 1.2;
    QFont f = font();
    f.setPixelSize(static_cast<int>(std::clamp(unit() * 3.4, 9.0, 24.0)));
    f.setItalic(true);
    p.setFont(f);
    const auto label = [&p](QPointF at_point, const QString& text, Qt::Alignment align) {
        const QRectF box(at_point.x() - 200, at_point.y() - 100, 400, 200);
        QRectF r = box;
        if (align & Qt::AlignLeft) r.setLeft(at_point.x());
        if (align & Qt::AlignRight) r.setRight(at_point.x());
        if (align & Qt::AlignTop) r.setTop(at_point.y());
        if (align & Qt::AlignBottom) r.setBottom(at_point.y());
        p.setPen(edge_colour());
        p.drawText(r, static_cast<int>(align), text);
    };

    // Mossy fibres -> granule cells; granule cells -> parallel fibres -> Purkinje cells.
    draw_edge(p, line({mf.right(), mf.center().y()}, {gc.left() - gap, gc.center().y()}), false, w);
    const double pf_y = gc.center().y();
    draw_edge(p, line({gc.right(), pf_y}, {pc.left() - gap, pf_y}), false, w * 1.6);
    // Parallel fibres also excite the interneurons, which inhibit the Purkinje cells.
    const double branch_x = ltd.center().x();
    label({(gc.right() + branch_x) / 2, pf_y - w * 2}, tr("PF"),
          Qt::AlignHCenter | Qt::AlignBottom);
    draw_edge(p, line({branch_x, pf_y}, {branch_x, mli.bottom() + gap}), false, w);
    QPainterPath ff({mli.right(), mli.center().y()});
    ff.quadTo(QPointF(pc.left() + pc.width() * 0.2, mli.center().y()),
              QPointF(pc.left() + pc.width() * 0.2, pc.top() - gap));
    draw_edge(p, ff, true, w);
    // Golgi loop: granule cells excite Golgi cells, which inhibit granule cells.
    const double dx = gc.width() * 0.22;
    draw_edge(p, line({gc.center().x() - dx, gc.bottom()}, {go.center().x() - dx, go.top() - gap}),
              false, w);
    draw_edge(p, line({go.center().x() + dx, go.top()}, {gc.center().x() + dx, gc.bottom() + gap}),
              true, w);
    // Climbing fibres: olive -> Purkinje cells.
    QPainterPath cf({io.left(), io.center().y()});
    cf.quadTo(QPointF(pc.left() + pc.width() * 0.75, io.center().y()),
              QPointF(pc.left() + pc.width() * 0.75, pc.top() - gap));
    draw_edge(p, cf, false, w * 1.3, palette::error());
    label(at(66, 23), tr("CF"), Qt::AlignHCenter | Qt::AlignBottom);
    // Purkinje cells inhibit the nuclei; the nuclei drive the eye.
    draw_edge(p, line({pc.right(), dcn.center().y()}, {dcn.left() - gap, dcn.center().y()}), true,
              w * 1.3);
    draw_edge(p, line({dcn.right(), dcn.center().y()}, {eye.left() - gap, eye.center().y()}), false,
              w * 1.3);
    // Nucleo-olivary loop: nuclei -> NO neurons -| olive.
    QPainterPath to_no({dcn.center().x() + dcn.width() * 0.2, dcn.top()});
    to_no.quadTo(QPointF(dcn.center().x() + dcn.width() * 0.2, no.center().y()),
                 QPointF(no.left() - gap, no.center().y()));
    draw_edge(p, to_no, false, w);
    QPainterPath to_io({no.center().x(), no.top()});
    to_io.quadTo(QPointF(no.center().x(), io.center().y()),
                 QPointF(io.right() + gap, io.center().y()));
    draw_edge(p, to_io, true, w);
    if (no_delay_ms_ > 0 || no_tau_ms_ > 0) {
        // Under the NO badge, short, kept inside the widget on the right (the tooltip and
        // nucleo_olivary_timing() say it in full).
        QStringList parts;
        if (no_delay_ms_ > 0) parts << tr("%1 ms").arg(no_delay_ms_, 0, 'g', 4);
        if (no_tau_ms_ > 0) parts << tr("\u03c4 %1").arg(no_tau_ms_, 0, 'g', 4);
        const QString text = parts.join(QStringLiteral(", "));
        const double half = QFontMetricsF(p.font()).horizontalAdvance(text) / 2 + w;
        label({std::min(no.center().x(), width() - half), no.bottom() + w * 0.5}, text,
              Qt::AlignHCenter | Qt::AlignTop);
    }
    // Mossy-fibre collaterals to the nuclei.
    const double y = def(Node::NuclearPlasticity).centre.y() * height() / 100.0;
    QPainterPath coll({mf.center().x(), mf.bottom()});
    coll.lineTo(mf.center().x(), y);
    coll.lineTo(dcn.center().x(), y);
    coll.lineTo(dcn.center().x(), dcn.bottom() + gap);
    draw_edge(p, coll, false, w);
    label({mf.center().x() + w * 2, y - w}, tr("MF collaterals"), Qt::AlignLeft | Qt::AlignBottom);
}

void CircuitDiagram::paint_node(QPainter& p, Node n) const {
    const NodeDef& d = def(n);
    const QRectF r = node_rect(n);
    const double u = unit();
    const bool hovered = hover_.node == n && d.lesion;
    const QColor fill = node_fill(n);
    const double radius = d.shape == Shape::Badge ? r.height() * 0.3 : u * 2.2;

    QPen border(d.shape == Shape::Plain ? QColor(0x8A, 0x90, 0x98) : edge_colour(),
                hovered ? std::max(2.5, u * 0.8) : std::max(1.0, u * 0.3));
    if (d.shape == Shape::Plain) border.setStyle(Qt::DashLine);
    p.setPen(border);
    p.setBrush(fill);
    p.drawRoundedRect(r, radius, radius);

    if (shows_lesioned(n)) {
        // Crossed out (under the text, which stays readable); a partial lesion says how
        // much.
        draw_cross(p, r, u);  // a partial lesion's share: paint_lesion_tag, over everything
    }

    // Title: the full name where it fits (on up to two lines), else the abbreviation.
    QFont title = font();
    title.setBold(true);
    const double px = std::clamp(u * (d.shape == Shape::Badge ? 3.6 : 4.4), 9.0, 28.0);
    title.setPixelSize(static_cast<int>(px));
    p.setFont(title);
    const QFontMetricsF fm(title);
    // The Purkinje cells show their rates in the microzones, below the title.
    const bool zones = n == Node::Purkinje && !eyeblink_;
    const bool has_rate = !zones && (node_activity(n).has_value() || n == Node::Eye);
    const QRectF text_area = r.adjusted(u * 0.8, u * 0.6, -u * 0.8, -u * 0.6);
    const double rate_h = has_rate ? fm.height() : 0.0;
    const QRectF title_area(text_area.left(), text_area.top(), text_area.width(),
                            zones ? zone_rect(0).top() - text_area.top()
                                  : text_area.height() - rate_h);
    QString text = node_title(n);
    const QRectF need = fm.boundingRect(QRectF(0, 0, title_area.width(), 1000),
                                        Qt::TextWordWrap | Qt::AlignHCenter, text);
    if (need.height() > title_area.height() + 0.5 || need.width() > title_area.width() + 0.5 ||
        fm.horizontalAdvance(text.section(QLatin1Char(' '), 0, 0)) > title_area.width()) {
        const QString short_name = eyeblink_ ? eyeblink_name(n, true) : QString();
        text = short_name.isEmpty() ? QString::fromUtf8(d.abbreviation) : short_name;
    }
    p.setPen(text_on(fill));
    p.drawText(title_area, Qt::TextWordWrap | Qt::AlignCenter, text);

    if (has_rate) {
        QFont small = font();
        small.setPixelSize(static_cast<int>(px * 0.9));
        p.setFont(small);
        QString value = QStringLiteral("–");
        const QString own = eyeblink_ ? eyeblink_value_text(n) : QString();
        if (!own.isEmpty())
            value = own;
        else if (n == Node::Eye)
            value = tr("%1°/s").arg(eye_speed_deg_s_, 0, 'f', 0);
        else if (measured() && std::isfinite(node_activity(n)->rate_hz))
            value = shown_relative(n) ? relative_text(*node_activity(n))
                                      : rate_text(node_activity(n)->rate_hz);
        p.drawText(QRectF(text_area.left(), text_area.bottom() - rate_h, text_area.width(), rate_h),
                   Qt::AlignCenter, value);
    }
}

void CircuitDiagram::paint_purkinje(QPainter& p) const {
    paint_node(p, Node::Purkinje);
    const double u = unit();
    const bool measured = activity_.window_ms > 0;
    QFont f = font();
    f.setPixelSize(static_cast<int>(std::clamp(u * 3.6, 8.0, 24.0)));
    for (int z = 0; z < kZoneCount; ++z) {
        const auto zi = static_cast<std::size_t>(z);
        const QRectF r = zone_rect(z);
        const QColor fill = activity_colour(activity_.purkinje[zi], measured);
        const bool chosen = z == chosen_zone_;
        const bool hovered = hover_.zone == z;
        p.setPen(QPen(chosen ? palette::lesioned() : edge_colour(),
                      chosen ? std::max(2.5, u * 0.9) : hovered ? std::max(2.0, u * 0.6)
                                                                : std::max(1.0, u * 0.25)));
        p.setBrush(fill);
        p.drawRoundedRect(r, u, u);
        p.setFont(f);
        p.setPen(text_on(fill));
        QString text = QString::fromUtf8(kZoneArrows[zi]);
        if (measured) text += QStringLiteral(" %1").arg(activity_.purkinje[zi].rate_hz, 0, 'f', 0);
        p.drawText(r, Qt::AlignCenter, text);
    }
    // Draw the node's cross again over the zones.
    if (shows_lesioned(Node::Purkinje)) draw_cross(p, node_rect(Node::Purkinje), u);
}

void CircuitDiagram::paint_legend(QPainter& p) const {
    const double u = unit();
    QFont f = font();
    const double px = std::clamp(u * 3.4, 9.0, 22.0);
    f.setPixelSize(static_cast<int>(px));
    p.setFont(f);
    const QFontMetricsF fm(f);
    const double line_h = fm.height() * 1.15;
    double x = width() * 0.012, y = height() * 0.02;

    p.setPen(palette().color(QPalette::Text));
    QFont bold = f;
    bold.setBold(true);
    p.setFont(bold);
    p.drawText(QPointF(x, y + fm.ascent()),
               (eyeblink_ ? tr("Eyeblink module · last %1 ms") : tr("Circuit · last %1 ms"))
                   .arg(ActivityMeter::kBins * ActivityMeter::kBinMs));
    y += line_h;
    p.setFont(f);
    p.drawText(QPointF(x, y + fm.ascent()), tr("Click a part: lesion"));
    y += line_h;
    if (!eyeblink_) {  // the eyeblink module has one zone
        p.drawText(QPointF(x, y + fm.ascent()), tr("Click a zone: its cells"));
        y += line_h;
    }
    y += line_h * 0.25;

    // Colour scale: below, at and above rest.
    const double bar_w = fm.horizontalAdvance(QStringLiteral("0000")) * 1.1,
                 bar_h = fm.height() * 0.8;
    const QString words[3] = {tr("below"), tr("rest"), tr("above")};
    const QColor colours[3] = {palette::activity_low(), palette::activity_rest(),
                               palette::activity_high()};
    for (int i = 0; i < 3; ++i) {
        const QRectF box(x, y, bar_w, bar_h);
        p.setPen(QPen(edge_colour(), 1));
        p.setBrush(colours[i]);
        p.drawRect(box);
        p.setPen(text_on(colours[i]));
        QFont tiny = f;
        tiny.setPixelSize(static_cast<int>(px * 0.8));
        p.setFont(tiny);
        p.drawText(box, Qt::AlignCenter, words[i]);
        p.setFont(f);
        x += bar_w;
    }
    x = width() * 0.012;
    y += bar_h + line_h * 0.35;

    // Connections.
    const double w = std::max(1.4, u * 0.55), len = bar_w * 0.8;
    const double mid = y + fm.height() / 2;
    draw_edge(p, line({x, mid}, {x + len, mid}), false, w);
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QPointF(x + len + w * 2, y + fm.ascent()), tr("excites"));
    const double x2 = x + len + w * 3 + fm.horizontalAdvance(tr("excites")) + w * 3;
    draw_edge(p, line({x2, mid}, {x2 + len, mid}), true, w);
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QPointF(x2 + len + w * 2, y + fm.ascent()), tr("inhibits"));
}

QString CircuitDiagram::export_name() const { return QStringLiteral("circuit-diagram"); }
QString CircuitDiagram::export_title() const { return tr("Circuit diagram"); }
QWidget* CircuitDiagram::export_widget() const { return const_cast<CircuitDiagram*>(this); }

PlotTable CircuitDiagram::export_table() const {
    PlotTable t;
    t.columns = {QStringLiteral("node"), QStringLiteral("rate_hz"), QStringLiteral("baseline_hz"),
                 QStringLiteral("lesioned")};
    const auto number = [](double v) { return QString::number(v, 'f', 3); };
    const auto add = [&](const QString& name, const std::optional<PopulationRate>& a, Node n) {
        const bool shown = a && measured() && std::isfinite(a->rate_hz);
        t.rows.push_back({name, shown ? number(a->rate_hz) : QString(),
                          a ? number(a->baseline_hz) : QString(),
                          def(n).lesion ? number(lesion_fraction(n)) : QString()});
    };
    for (const NodeDef& d : nodes()) {
        const QString name = eyeblink_ && !eyeblink_name(d.node, false).isEmpty()
                                 ? eyeblink_name(d.node, false)
                                 : QString::fromUtf8(d.title);
        if (d.node != Node::Purkinje || eyeblink_) {
            add(name, node_activity(d.node), d.node);
            continue;
        }
        for (int z = 0; z < kZoneCount; ++z)
            add(QStringLiteral("%1 (%2)").arg(name, QString::fromUtf8(kZoneNames[z])),
                activity_.purkinje[static_cast<std::size_t>(z)], d.node);
    }
    return t;
}

}  // namespace flocculus::ui

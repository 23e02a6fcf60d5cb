// SPDX-License-Identifier: GPL-3.0-or-later
#include "lesion_panel.hpp"

#include <QCheckBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QVBoxLayout>
#include <cmath>

#include "wheel_guard.hpp"

namespace flocculus::ui {
namespace {

QString percent_text(int percent) { return QStringLiteral("%1 %").arg(percent); }

}  // namespace

LesionPanel::LesionPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    auto* intro = new QLabel(tr("Remove or block a part of the circuit while it runs. The "
                                "slider sets how much of it is lesioned."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    schedule_ = new QLabel(this);
    schedule_->setWordWrap(true);
    schedule_->setTextFormat(Qt::RichText);
    schedule_->setVisible(false);
    layout->addWidget(schedule_);

    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(1);
    grid->setColumnStretch(1, 1);
    int line = 0;
    for (const LesionInfo& info : lesion_infos()) {
        const Lesion l = info.lesion;
        Row& row = rows_[index(l)];
        const QString description = QString::fromUtf8(info.description);
        row.toggle = new QCheckBox(QString::fromUtf8(info.name), this);
        row.toggle->setToolTip(description);
        QFont bold = row.toggle->font();
        bold.setBold(true);
        row.toggle->setFont(bold);
        row.fraction = new QSlider(Qt::Horizontal, this);
        row.fraction->setRange(0, kPercentSteps);
        row.fraction->setValue(kPercentSteps);
        row.fraction->setPageStep(10);
        row.fraction->setToolTip(tr("Fraction of the part lesioned"));
        take_wheel_only_when_focused(row.fraction);
        row.percent = new QLabel(percent_text(kPercentSteps), this);
        row.percent->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        row.percent->setMinimumWidth(
            row.percent->fontMetrics().horizontalAdvance(percent_text(100)));
        auto* text = new QLabel(description, this);
        text->setWordWrap(true);
        text->setForegroundRole(QPalette::PlaceholderText);
        text->setToolTip(description);
        grid->addWidget(row.toggle, line, 0);
        grid->addWidget(row.fraction, line, 1);
        grid->addWidget(row.percent, line, 2);
        grid->addWidget(text, line + 1, 0, 1, 3);
        grid->setRowMinimumHeight(line + 2, 6);
        line += 3;

        connect(row.toggle, &QCheckBox::toggled, this, [this, l](bool on) {
            const int percent = rows_[index(l)].fraction->value();
            user_set(l, on ? (percent > 0 ? percent / double{kPercentSteps} : 1.0) : 0.0);
        });
        connect(row.fraction, &QSlider::valueChanged, this, [this, l](int percent) {
            user_set(l, percent / double{kPercentSteps});
        });
    }
    layout->addLayout(grid);
    clear_ = new QPushButton(tr("Undo all lesions"), this);
    clear_->setToolTip(tr("Restore every part of the circuit"));
    layout->addWidget(clear_, 0, Qt::AlignLeft);
    layout->addStretch(1);
    connect(clear_, &QPushButton::clicked, this, &LesionPanel::clear_all);
    for (const LesionInfo& info : lesion_infos()) show_fraction(info.lesion, 0.0);
}

void LesionPanel::show_fraction(Lesion l, double fraction) {
    Row& row = rows_[index(l)];
    const QSignalBlocker block_toggle(row.toggle);
    const QSignalBlocker block_slider(row.fraction);
    row.toggle->setChecked(fraction > 0);
    // Off, the slider keeps the fraction a new toggle would apply.
    if (fraction > 0)
        row.fraction->setValue(static_cast<int>(std::lround(fraction * kPercentSteps)));
    row.percent->setText(percent_text(row.fraction->value()));
    row.percent->setEnabled(fraction > 0);
}

void LesionPanel::user_set(Lesion l, double fraction) {
    show_fraction(l, fraction);
    if (shown_[l] == fraction) return;
    shown_[l] = fraction;
    emit requested(cmd::SetLesion{l, fraction});
}

void LesionPanel::clear_all() {
    for (const LesionInfo& info : lesion_infos())
        if (shown_[info.lesion] > 0) user_set(info.lesion, 0.0);
}

void LesionPanel::hold_until(std::uint64_t command) {
    hold_until_ = std::max(hold_until_, command);
}

void LesionPanel::show_snapshot(const Snapshot& s) {
    // The schedule: each lesion in force from the start of its trial, upcoming before.
    QStringList lines;
    const int trial = static_cast<int>(s.trial_index) + 1;
    for (const TimedLesion& l : s.config.lesions_at) {
        const bool in_force = s.finished || trial >= l.from_trial;
        lines << tr("trial %1: %2 %3 % (%4)")
                     .arg(l.from_trial)
                     .arg(QString::fromUtf8(lesion_name(l.lesion)))
                     .arg(std::lround(l.fraction * 100))
                     .arg(in_force ? tr("in force") : tr("upcoming"));
    }
    if (lines != schedule_lines_) {
        schedule_lines_ = lines;
        schedule_->setVisible(!lines.isEmpty());
        schedule_->setText(tr("<b>Scheduled by the run:</b><br>%1")
                               .arg(lines.join(QStringLiteral("<br>"))));
    }
    if (s.commands_applied < hold_until_) return;
    for (const LesionInfo& info : lesion_infos()) {
        const double f = s.lesions_in_force[info.lesion];
        if (f == shown_[info.lesion]) continue;
        shown_[info.lesion] = f;
        show_fraction(info.lesion, f);
    }
}

}  // namespace flocculus::ui

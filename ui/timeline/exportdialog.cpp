// SPDX-License-Identifier: MIT
#include "exportdialog.h"

#include "prompts.h"
#include "timelineview.h"
#include "zoomstack.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QResizeEvent>
#include <QScrollBar>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

constexpr TimelineExporter::Format formats[] = { TimelineExporter::Format::Png, TimelineExporter::Format::Svg,
    TimelineExporter::Format::Pdf };

QString suffixOf(TimelineExporter::Format format)
{
    return TimelineExporter::formatName(format).toLower();
}

// What the last export in this session chose, so the next one starts there: the folder, the format, the size and
// the theme (the title and the summary belong to each run).
struct Remembered {
    QString folder;
    TimelineExporter::Format format = TimelineExporter::Format::Png;
    int width = 1600;
    int height = 0;
    int dpi = 96;
    Palette::Theme theme = Palette::Theme::Light;
    bool legend = true;
    bool verdict = true;
};

Remembered& remembered()
{
    static Remembered last;
    return last;
}

} // namespace

ExportDialog::ExportDialog(const RunResult& result, QWidget* parent)
    : QDialog(parent)
    , m_result(result)
{
    setWindowTitle(u"Export Timeline"_s);
    setObjectName(u"exportDialog"_s);

    m_fileEdit = new QLineEdit(this);
    m_fileEdit->setObjectName(u"fileEdit"_s);
    m_fileEdit->setToolTip(u"Where to write the picture; the extension (.png, .svg, .pdf) chooses the format"_s);
    m_fileEdit->setClearButtonEnabled(true);
    auto* browseButton = new QPushButton(u"&Browse…"_s, this);
    browseButton->setToolTip(u"Choose the file in a file dialog"_s);
    m_formatCombo = new QComboBox(this);
    m_formatCombo->setObjectName(u"formatCombo"_s);
    m_formatCombo->addItem(u"PNG image"_s, int(TimelineExporter::Format::Png));
    m_formatCombo->addItem(u"SVG drawing (text stays text)"_s, int(TimelineExporter::Format::Svg));
    m_formatCombo->addItem(u"PDF page (text stays text)"_s, int(TimelineExporter::Format::Pdf));
    m_formatCombo->setToolTip(u"Changes the file's extension"_s);
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_fileEdit, 1);
    fileRow->addWidget(browseButton);

    m_titleEdit = new QLineEdit(result.scenario.name, this);
    m_titleEdit->setObjectName(u"titleEdit"_s);
    m_titleEdit->setPlaceholderText(result.scenario.name);
    m_titleEdit->setToolTip(u"The heading above the timeline (the scenario's name when left empty)"_s);

    m_summaryCheck = new QCheckBox(u"S&ummary:"_s, this);
    m_summaryCheck->setChecked(true);
    m_summaryCheck->setToolTip(
        u"One line under the title: table, constraint, workers and recipes, database, schedule"_s);
    m_summaryEdit = new QLineEdit(TimelineExporter::summaryLine(result), this);
    m_summaryEdit->setObjectName(u"summaryEdit"_s);
    m_summaryEdit->setPlaceholderText(TimelineExporter::summaryLine(result));
    connect(m_summaryCheck, &QCheckBox::toggled, m_summaryEdit, &QWidget::setEnabled);

    m_legendCheck = new QCheckBox(u"&Legend of the statement colours"_s, this);
    m_legendCheck->setChecked(true);
    m_verdictCheck = new QCheckBox(u"&Verdict (\"1 row for user_id=…: no duplicate\")"_s, this);
    m_verdictCheck->setChecked(true);
    m_cycleCheck = new QCheckBox(u"Draw the selected &anomaly's cycle"_s, this);
    m_cycleCheck->setObjectName(u"cycleCheck"_s);
    m_cycleCheck->setToolTip(u"The dependencies of the finding selected in the results as arrows between the "
                             u"statements (select an anomaly's line to enable this)"_s);
    m_cycleCheck->setEnabled(false);
    auto* showRow = new QHBoxLayout;
    showRow->addWidget(m_legendCheck);
    showRow->addWidget(m_verdictCheck);
    showRow->addWidget(m_cycleCheck);
    showRow->addStretch(1);

    m_visibleRadio = new QRadioButton(u"V&isible part"_s, this);
    m_visibleRadio->setToolTip(u"What the window's timeline shows now, stretched to the picture's width"_s);
    m_visibleRadio->setEnabled(false);
    m_wholeRadio = new QRadioButton(u"&Whole run"_s, this);
    m_wholeRadio->setToolTip(u"Every statement, squeezed into the picture's width when the run is long"_s);
    m_wholeRadio->setChecked(true);
    auto* rangeRow = new QHBoxLayout;
    rangeRow->addWidget(m_wholeRadio);
    rangeRow->addWidget(m_visibleRadio);
    rangeRow->addStretch(1);

    m_widthSpin = new QSpinBox(this);
    m_widthSpin->setObjectName(u"widthSpin"_s);
    m_widthSpin->setRange(TimelineExporter::minWidth, TimelineExporter::maxWidth);
    m_widthSpin->setValue(1600);
    m_widthSpin->setSuffix(u" px"_s);
    m_widthSpin->setToolTip(u"Width in pixels at 96 DPI (a 16:9 slide: 1600 × 900)"_s);
    m_heightSpin = new QSpinBox(this);
    m_heightSpin->setObjectName(u"heightSpin"_s);
    m_heightSpin->setRange(0, TimelineExporter::maxHeight);
    m_heightSpin->setSpecialValueText(u"fit the content"_s);
    m_heightSpin->setValue(0);
    m_heightSpin->setSuffix(u" px"_s);
    m_heightSpin->setToolTip(u"Height in pixels at 96 DPI; \"fit the content\" makes it as tall as the lanes need"_s);
    m_dpiSpin = new QSpinBox(this);
    m_dpiSpin->setObjectName(u"dpiSpin"_s);
    m_dpiSpin->setRange(TimelineExporter::minDpi, TimelineExporter::maxDpi);
    m_dpiSpin->setValue(96);
    m_dpiSpin->setSuffix(u" DPI"_s);
    m_dpiSpin->setToolTip(
        u"The same picture at more pixels (PNG) or a finer page (PDF): 192 for sharp slides on a high-DPI screen"_s);
    m_pixelsLabel = new QLabel(this);
    m_pixelsLabel->setForegroundRole(QPalette::PlaceholderText);
    auto* sizeRow = new QHBoxLayout;
    sizeRow->addWidget(m_widthSpin);
    sizeRow->addWidget(new QLabel(u"×"_s, this));
    sizeRow->addWidget(m_heightSpin);
    sizeRow->addWidget(m_dpiSpin);
    sizeRow->addWidget(m_pixelsLabel, 1);

    m_themeCombo = new QComboBox(this);
    m_themeCombo->setObjectName(u"themeCombo"_s);
    for (const Palette::Theme theme : { Palette::Theme::Light, Palette::Theme::Dark, Palette::Theme::HighContrast })
        m_themeCombo->addItem(Palette::themeName(theme), int(theme));
    m_themeCombo->setToolTip(u"The picture's colours, whatever the window's theme"_s);

    auto* form = new QFormLayout;
    form->addRow(u"&File:"_s, fileRow);
    form->addRow(u"F&ormat:"_s, m_formatCombo);
    form->addRow(u"&Title:"_s, m_titleEdit);
    form->addRow(m_summaryCheck, m_summaryEdit);
    form->addRow(u"Show:"_s, showRow);
    form->addRow(u"Range:"_s, rangeRow);
    form->addRow(u"&Size:"_s, sizeRow);
    form->addRow(u"T&heme:"_s, m_themeCombo);
    // The labels' mnemonics reach the first field of their row.
    const auto buddy = [form](QObject* field, QWidget* target) {
        QWidget* label = field->isWidgetType() ? form->labelForField(static_cast<QWidget*>(field))
                                               : form->labelForField(static_cast<QLayout*>(field));
        if (auto* l = qobject_cast<QLabel*>(label))
            l->setBuddy(target);
    };
    buddy(fileRow, m_fileEdit);
    buddy(m_formatCombo, m_formatCombo);
    buddy(m_titleEdit, m_titleEdit);
    buddy(sizeRow, m_widthSpin);
    buddy(m_themeCombo, m_themeCombo);

    m_preview = new QLabel(this);
    m_preview->setObjectName(u"preview"_s);
    m_preview->setAlignment(Qt::AlignCenter);
    m_preview->setMinimumSize(560, 240);
    m_preview->setFrameShape(QFrame::StyledPanel);
    m_preview->setToolTip(u"What will be written, scaled down"_s);

    m_problem = new QLabel(this);
    m_problem->setObjectName(u"problemLabel"_s);
    m_problem->setWordWrap(true);
    QPalette problemPalette = m_problem->palette();
    problemPalette.setColor(QPalette::WindowText, Palette().color(Palette::Role::ErrorForeground));
    m_problem->setPalette(problemPalette);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(u"&Export"_s);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    m_previewTimer = new QTimer(this);
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(150); // typing a title does not redraw a long run at every key
    connect(m_previewTimer, &QTimer::timeout, this, &ExportDialog::updatePreviewNow);

    connect(browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(m_fileEdit, &QLineEdit::textEdited, this, &ExportDialog::fileNameEdited);
    connect(m_formatCombo, &QComboBox::activated, this, &ExportDialog::formatChosen);
    for (QLineEdit* edit : { m_titleEdit, m_summaryEdit })
        connect(edit, &QLineEdit::textChanged, this, &ExportDialog::schedulePreview);
    for (QCheckBox* check : { m_summaryCheck, m_legendCheck, m_verdictCheck, m_cycleCheck })
        connect(check, &QCheckBox::toggled, this, &ExportDialog::schedulePreview);
    connect(m_wholeRadio, &QRadioButton::toggled, this, &ExportDialog::schedulePreview);
    for (QSpinBox* spin : { m_widthSpin, m_heightSpin, m_dpiSpin })
        connect(spin, &QSpinBox::valueChanged, this, &ExportDialog::schedulePreview);
    connect(m_themeCombo, &QComboBox::currentIndexChanged, this, &ExportDialog::schedulePreview);

    const Remembered& last = remembered();
    m_widthSpin->setValue(last.width);
    m_heightSpin->setValue(last.height);
    m_dpiSpin->setValue(last.dpi);
    m_themeCombo->setCurrentIndex(m_themeCombo->findData(int(last.theme)));
    m_legendCheck->setChecked(last.legend);
    m_verdictCheck->setChecked(last.verdict);
    // The last export's folder, else ~/Pictures when there is one (a fresh account or a server may lack it), else
    // home.
    const QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    QString folder = !pictures.isEmpty() && QDir(pictures).exists() ? pictures : QDir::homePath();
    if (!last.folder.isEmpty() && QDir(last.folder).exists())
        folder = last.folder;
    setFileName(QDir(folder).filePath(baseNameFor(result.scenario.name) + u'.' + suffixOf(last.format)));
    m_ownPrompts = std::make_unique<DialogPrompts>(this);
    schedulePreview();
}

ExportDialog::~ExportDialog() = default;

QString ExportDialog::baseNameFor(const QString& name)
{
    QString base;
    for (const QChar c : name.trimmed().toLower()) {
        if (c.isLetterOrNumber() || c == u'_' || c == u'-')
            base += c;
        else if (!base.endsWith(u'-'))
            base += u'-';
    }
    while (base.endsWith(u'-'))
        base.chop(1);
    return base.isEmpty() ? u"timeline"_s : base.left(60);
}

void ExportDialog::setVisibleRange(const TimelineView& view)
{
    const TimelineLayout& layout = view.timelineLayout();
    if (layout.isEmpty())
        return;
    setAnomaly(view.anomaly());
    const ZoomRange visible = view.visibleAxisRange();
    const double from = std::clamp(visible.start, 0.0, layout.axisLength());
    const double to = std::clamp(visible.end, 0.0, layout.axisLength());
    setVisibleRange(from, to, layout.axis());
}

void ExportDialog::setAnomaly(int anomaly)
{
    m_anomaly = anomaly;
    m_cycleCheck->setEnabled(anomaly >= 0);
    m_cycleCheck->setChecked(anomaly >= 0);
    schedulePreview();
}

void ExportDialog::setVisibleRange(double from, double to, TimelineLayout::Axis axis)
{
    m_axis = axis;
    m_visibleFrom = from;
    m_visibleTo = to;
    // Offered, not chosen: a slide shows the whole story unless the user asks for the part on screen.
    const bool usable = to > from;
    m_visibleRadio->setEnabled(usable);
    if (!usable && m_visibleRadio->isChecked())
        m_wholeRadio->setChecked(true);
    schedulePreview();
}

void ExportDialog::setFileName(const QString& path)
{
    m_fileEdit->setText(path);
    fileNameEdited();
}

QString ExportDialog::fileName() const
{
    return m_fileEdit->text().trimmed();
}

TimelineExporter::Options ExportDialog::options() const
{
    TimelineExporter::Options options;
    options.title = m_titleEdit->text();
    options.summary = m_summaryEdit->text();
    options.showSummary = m_summaryCheck->isChecked();
    options.legend = m_legendCheck->isChecked();
    options.verdict = m_verdictCheck->isChecked();
    options.anomaly = m_cycleCheck->isChecked() && m_cycleCheck->isEnabled() ? m_anomaly : -1;
    options.range = m_visibleRadio->isChecked() && m_visibleRadio->isEnabled() ? TimelineExporter::Range::Visible
                                                                               : TimelineExporter::Range::WholeRun;
    options.visibleFrom = m_visibleFrom;
    options.visibleTo = m_visibleTo;
    options.axis = m_axis;
    options.width = m_widthSpin->value();
    options.height = m_heightSpin->value();
    options.dpi = m_dpiSpin->value();
    options.theme = Palette::Theme(m_themeCombo->currentData().toInt());
    return options;
}

void ExportDialog::fileNameEdited()
{
    if (const auto format = TimelineExporter::formatOf(fileName())) {
        const int index = m_formatCombo->findData(int(*format));
        if (index >= 0)
            m_formatCombo->setCurrentIndex(index);
    }
    validate();
}

void ExportDialog::formatChosen()
{
    const auto format = TimelineExporter::Format(m_formatCombo->currentData().toInt());
    QString path = fileName();
    const QFileInfo info(path);
    const QString suffix = info.suffix();
    if (path.isEmpty())
        path = baseNameFor(m_result.scenario.name);
    else if (TimelineExporter::formatOf(path) || (!suffix.isEmpty() && suffix.size() <= 4))
        path.chop(suffix.size() + 1);
    m_fileEdit->setText(path + u'.' + suffixOf(format));
    validate();
}

void ExportDialog::validate()
{
    QString problem;
    const QString path = fileName();
    if (path.isEmpty())
        problem = u"File: choose where to write the picture."_s;
    else if (!TimelineExporter::formatOf(path))
        problem = u"File: the name must end in .png, .svg or .pdf (or choose a format above)."_s;
    else if (!QFileInfo(path).absoluteDir().exists())
        problem =
            u"File: the folder %1 does not exist."_s.arg(QDir::toNativeSeparators(QFileInfo(path).absolutePath()));
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

void ExportDialog::browse()
{
    QStringList filters;
    for (const TimelineExporter::Format format : formats)
        filters.append(u"%1 (*.%2)"_s.arg(TimelineExporter::formatName(format), suffixOf(format)));
    const auto current = TimelineExporter::formatOf(fileName());
    QString selected = filters.at(
        current ? int(std::find(std::begin(formats), std::end(formats), *current) - std::begin(formats)) : 0);
    QString path =
        QFileDialog::getSaveFileName(this, u"Export Timeline"_s, fileName(), filters.join(u";;"_s), &selected);
    if (path.isEmpty())
        return;
    // A name typed without an extension takes the chosen filter's.
    if (!TimelineExporter::formatOf(path)) {
        const int index = int(filters.indexOf(selected));
        path += u'.' + suffixOf(formats[std::max(0, index)]);
    } else {
        m_confirmedPath = path; // the file dialog asked about replacing it
    }
    setFileName(path);
}

void ExportDialog::schedulePreview()
{
    m_previewTimer->start();
}

void ExportDialog::updatePreviewNow()
{
    m_previewTimer->stop();
    TimelineExporter::Options preview = options();
    preview.dpi = 96; // the preview is scaled down anyway
    TimelineExporter exporter(m_result, preview);
    const QSize pixels = QSize(qRound(exporter.logicalSize().width() * options().dpi / 96.0),
        qRound(exporter.logicalSize().height() * options().dpi / 96.0));
    m_pixelsLabel->setText(u"%1 × %2 pixels"_s.arg(pixels.width()).arg(pixels.height()));
    m_previewImage = exporter.toImage();
    // Before the dialog is first shown the label has no size of its own yet.
    const QSize room = m_preview->contentsRect().size().expandedTo(m_preview->minimumSize()) - QSize(8, 8);
    m_preview->setPixmap(QPixmap::fromImage(
        m_previewImage.scaled(room.boundedTo(m_previewImage.size()), Qt::KeepAspectRatio, Qt::SmoothTransformation)));
}

void ExportDialog::resizeEvent(QResizeEvent* event)
{
    QDialog::resizeEvent(event);
    // A bigger dialog, a bigger preview: rescaled from the image already made.
    if (!m_previewImage.isNull()) {
        const QSize room = m_preview->contentsRect().size() - QSize(8, 8);
        m_preview->setPixmap(QPixmap::fromImage(m_previewImage.scaled(
            room.boundedTo(m_previewImage.size()), Qt::KeepAspectRatio, Qt::SmoothTransformation)));
    }
}

void ExportDialog::accept()
{
    validate();
    if (!m_buttons->button(QDialogButtonBox::Ok)->isEnabled())
        return;
    const QString path = fileName();
    if (QFileInfo::exists(path) && path != m_confirmedPath
        && !(m_prompts ? m_prompts : m_ownPrompts.get())->replaceFile(path))
        return; // the dialog stays, to choose another name
    const TimelineExporter::Options chosen = options();
    TimelineExporter exporter(m_result, chosen);
    QString error;
    if (!exporter.write(path, &error)) {
        m_problem->setText(error);
        m_problem->setVisible(true);
        return;
    }
    Remembered& last = remembered();
    last.folder = QFileInfo(path).absolutePath();
    last.format = TimelineExporter::formatOf(path).value_or(TimelineExporter::Format::Png);
    last.width = chosen.width;
    last.height = chosen.height;
    last.dpi = chosen.dpi;
    last.theme = chosen.theme;
    last.legend = chosen.legend;
    last.verdict = chosen.verdict;
    Q_EMIT exported(path);
    QDialog::accept();
}

} // namespace interleave

// SPDX-License-Identifier: MIT
#pragma once

#include "runner.h"
#include "timelineexporter.h"

#include <QDialog>
#include <memory>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;
class QTimer;

namespace interleave {

class Prompts;
class TimelineView;

// File → Export Timeline…: the run's timeline as a PNG, SVG or PDF for slides, with a title, the summary line, the
// legend and the verdict, the visible part or the whole run, a size, a DPI and a theme of its own (a dark window
// can still export a light slide), and a preview of what will be written.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ExportDialog(const RunResult& result, QWidget* parent = nullptr);
    ~ExportDialog() override;

    // Who asks whether to replace an existing file that was typed rather than chosen in the file dialog (which asks
    // itself): the window's prompts (not owned); nullptr, the default, asks with a dialog of its own.
    void setPrompts(Prompts* prompts) { m_prompts = prompts; }

    // Offers "the visible part" as the window's timeline shows it now (the whole run stays the default), and its
    // selected anomaly's cycle (setAnomaly()).
    void setVisibleRange(const TimelineView& view);
    // Offers "Draw the selected anomaly's cycle", on, for anomaly `anomaly` (an index into the outcome's
    // anomalies); -1 disables it.
    void setAnomaly(int anomaly);
    void setVisibleRange(double from, double to, TimelineLayout::Axis axis);
    void setFileName(const QString& path);
    QString fileName() const;
    TimelineExporter::Options options() const;
    // A file name (without extension) from the scenario's name: "get_or_create with unique=True" ->
    // "get_or_create-with-unique-true"; "timeline" for a name of no letters. File → Export Trace… uses it too.
    static QString baseNameFor(const QString& scenarioName);

    // For tests.
    QLineEdit* fileEdit() const { return m_fileEdit; }
    QComboBox* formatCombo() const { return m_formatCombo; }
    QLineEdit* titleEdit() const { return m_titleEdit; }
    QComboBox* themeCombo() const { return m_themeCombo; }
    QSpinBox* widthSpin() const { return m_widthSpin; }
    QSpinBox* heightSpin() const { return m_heightSpin; }
    QSpinBox* dpiSpin() const { return m_dpiSpin; }
    QRadioButton* visibleRadio() const { return m_visibleRadio; }
    QCheckBox* cycleCheck() const { return m_cycleCheck; }
    QRadioButton* wholeRadio() const { return m_wholeRadio; }
    QLabel* preview() const { return m_preview; }
    QLabel* problemLabel() const { return m_problem; }
    // The picture the preview shows, at its full size (empty before the first preview).
    QImage previewImage() const { return m_previewImage; }
    void updatePreviewNow();

public Q_SLOTS:
    void accept() override; // writes the file; stays open with the reason when it cannot
    void browse();

Q_SIGNALS:
    void exported(const QString& path);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void fileNameEdited();
    void formatChosen();
    void validate();
    void schedulePreview();

    RunResult m_result;
    std::unique_ptr<Prompts> m_ownPrompts;
    Prompts* m_prompts = nullptr;
    QString m_confirmedPath; // chosen in the file dialog, which confirmed replacing it
    double m_visibleFrom = 0;
    double m_visibleTo = 0;
    TimelineLayout::Axis m_axis = TimelineLayout::Axis::Sequence;
    QImage m_previewImage;

    QLineEdit* m_fileEdit = nullptr;
    QComboBox* m_formatCombo = nullptr;
    QLineEdit* m_titleEdit = nullptr;
    QCheckBox* m_summaryCheck = nullptr;
    QLineEdit* m_summaryEdit = nullptr;
    QCheckBox* m_legendCheck = nullptr;
    QCheckBox* m_verdictCheck = nullptr;
    QCheckBox* m_cycleCheck = nullptr;
    int m_anomaly = -1;
    QRadioButton* m_visibleRadio = nullptr;
    QRadioButton* m_wholeRadio = nullptr;
    QSpinBox* m_widthSpin = nullptr;
    QSpinBox* m_heightSpin = nullptr;
    QSpinBox* m_dpiSpin = nullptr;
    QComboBox* m_themeCombo = nullptr;
    QLabel* m_pixelsLabel = nullptr;
    QLabel* m_preview = nullptr;
    QLabel* m_problem = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QTimer* m_previewTimer = nullptr;
};

} // namespace interleave

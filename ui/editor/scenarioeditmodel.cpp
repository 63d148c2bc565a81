// SPDX-License-Identifier: MIT
#include "scenarioeditmodel.h"

#include <QRegularExpression>
#include <QUndoCommand>
#include <QUndoStack>

using namespace Qt::StringLiterals;

namespace interleave {

// One edit of the scenario: the whole value before and after, so undo and redo restore it exactly.
class ScenarioEditCommand : public QUndoCommand {
public:
    ScenarioEditCommand(
        ScenarioEditModel* model, Scenario before, Scenario after, const QString& text, const QString& mergeKey)
        : QUndoCommand(text)
        , m_model(model)
        , m_before(std::move(before))
        , m_after(std::move(after))
        , m_mergeKey(mergeKey)
    {
    }
    int id() const override { return m_mergeKey.isEmpty() ? -1 : 1; }
    bool mergeWith(const QUndoCommand* other) override
    {
        const auto* next = static_cast<const ScenarioEditCommand*>(other);
        if (next->m_mergeKey != m_mergeKey)
            return false;
        m_after = next->m_after;
        return true;
    }
    void undo() override { m_model->apply(m_before); }
    void redo() override { m_model->apply(m_after); }

private:
    ScenarioEditModel* m_model;
    Scenario m_before;
    Scenario m_after;
    QString m_mergeKey;
};

FieldPath splitField(const QString& field)
{
    static const QRegularExpression pattern(u"^([a-z_]+)(?:\\[(\\d+)\\])?(?:\\.(.*))?$"_s);
    const auto match = pattern.match(field);
    if (!match.hasMatch())
        return { field, -1, {} };
    return { match.captured(1), match.captured(2).isEmpty() ? -1 : match.captured(2).toInt(), match.captured(3) };
}

ScenarioEditModel::ScenarioEditModel(QObject* parent)
    : QObject(parent)
    , m_undo(new QUndoStack(this))
{
}

Scenario ScenarioEditModel::scenarioToSave() const
{
    Scenario s = m_scenario;
    if (s.schedule.mode != ScheduleSpec::Mode::Script && !Scenario::parseScript(s.schedule.scriptText(), s, nullptr))
        s.schedule.script.clear();
    return s;
}

void ScenarioEditModel::setScenario(const Scenario& scenario)
{
    m_undo->clear();
    apply(scenario);
    m_undo->setClean();
}

void ScenarioEditModel::edit(
    const QString& description, const std::function<void(Scenario&)>& change, const QString& mergeKey)
{
    if (m_applying)
        return;
    Scenario after = m_scenario;
    change(after);
    if (after.toJson() == m_scenario.toJson())
        return;
    m_undo->push(new ScenarioEditCommand(this, m_scenario, after, description, mergeKey));
}

void ScenarioEditModel::apply(const Scenario& scenario)
{
    m_scenario = scenario;
    {
        const auto block = showing();
        Q_EMIT changed(m_scenario);
    }
    validate();
    Q_EMIT edited(m_scenario);
    if (!m_error)
        Q_EMIT scenarioChanged(m_scenario);
}

void ScenarioEditModel::validate()
{
    const bool wasValid = !m_error.has_value();
    // A script kept while another mode is chosen is not run, so it does not stop one (the file drops it when it
    // names workers that are gone: see scenarioToSave()).
    Scenario checked = m_scenario;
    if (checked.schedule.mode != ScheduleSpec::Mode::Script)
        checked.schedule.script.clear();
    m_error = checked.validate();
    Q_EMIT validated();
    if (wasValid != !m_error.has_value() || m_error)
        Q_EMIT validityChanged(!m_error.has_value(), errorText());
}

QString ScenarioEditModel::errorText() const
{
    if (!m_error)
        return {};
    const FieldPath path = splitField(m_error->field);
    QString where;
    if (path.head == u"workers"_s && path.index >= 0) {
        where = u"Workers › "_s + m_scenario.workers.value(path.index).name
            + (path.rest.isEmpty() ? QString() : u" › "_s + path.rest);
    } else if (path.head == u"table"_s) {
        where = u"Table › "_s + path.rest;
        if (path.rest.startsWith(u"columns["_s)) {
            const int row = path.rest.mid(8, path.rest.indexOf(u']') - 8).toInt();
            where = u"Table › column %1"_s.arg(row + 1);
        } else if (path.rest.startsWith(u"constraints["_s)) {
            const int row = path.rest.mid(12, path.rest.indexOf(u']') - 12).toInt();
            where = u"Table › constraint %1"_s.arg(row + 1);
        }
    } else if (path.head == u"schedule"_s) {
        where = u"Schedule › "_s + path.rest;
    } else if (path.head == u"backend"_s || path.head == u"isolation"_s) {
        where = u"Database › "_s + (path.rest.isEmpty() ? path.head : path.rest);
    } else {
        where = m_error->field;
    }
    return where.isEmpty() ? m_error->message : where + u": "_s + m_error->message;
}

} // namespace interleave

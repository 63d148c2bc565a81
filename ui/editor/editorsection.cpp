// SPDX-License-Identifier: MIT
#include "editorsection.h"

namespace interleave {

EditorSection::EditorSection(ScenarioEditModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_scenario(model->scenario())
{
    connect(m_model, &ScenarioEditModel::changed, this, [this] { refresh(); });
}

} // namespace interleave

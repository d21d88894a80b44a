// PricesPage, part two: the user's overrides file (<AppConfigLocation>/prices.json) — read when
// the page opens, written atomically on Save, never overwritten when it cannot be read.

#include "settings/pricespage.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace Crucible {

void PricesPage::loadFile()
{
    m_fileDoc = {};
    m_fileError.clear();
    m_overrides.clear();
    m_dirty.clear();
    const QString path = PriceTable::userOverridesPath();
    if (!QFileInfo::exists(path))
        return;
    QFile file(path);
    QJsonParseError parseError;
    QJsonDocument doc;
    if (!file.open(QIODevice::ReadOnly))
        m_fileError = file.errorString();
    else if (doc = QJsonDocument::fromJson(file.readAll(), &parseError); !doc.isObject())
        m_fileError = parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                   : tr("not a JSON object");
    else if (!doc.object().value(u"models"_s).isArray())
        m_fileError = tr("\"models\" must be an array");
    if (!m_fileError.isEmpty()) {
        m_save->setEnabled(false);
        showMessage(tr("%1 cannot be read (%2). Saving is off so nothing in it is lost; fix or "
                       "remove the file and reopen Settings.")
                        .arg(QDir::toNativeSeparators(path), m_fileError),
                    true);
        return;
    }
    m_fileDoc = doc.object();
    for (const QJsonValue &value : m_fileDoc.value(u"models"_s).toArray()) {
        const QJsonObject row = value.toObject();
        const QString key = overrideKey(row.value(u"provider"_s).toString(), row.value(u"model"_s).toString());
        if (!m_overrides.contains(key))
            m_overrides.insert(key, row);
    }
}

bool PricesPage::save()
{
    if (!m_fileError.isEmpty())
        return false;
    QJsonObject doc = m_fileDoc;
    if (doc.isEmpty()) {
        doc = {{u"formatVersion"_s, 1}, {u"currency"_s, u"USD"_s}, {u"unit"_s, u"per_1m_tokens"_s},
               {u"note"_s, u"Your price overrides (Crucible settings). USD per 1M tokens as decimal "
                           "strings; a model named here replaces all its built-in rows."_s}};
    }
    QJsonArray rows;
    QSet<QString> written;
    for (const QJsonValue &value : m_fileDoc.value(u"models"_s).toArray()) {
        const QJsonObject row = value.toObject();
        const QString key = overrideKey(row.value(u"provider"_s).toString(), row.value(u"model"_s).toString());
        if (!m_dirty.contains(key)) {
            rows.append(row); // rows this page did not change stay as they are
        } else if (m_overrides.contains(key) && !written.contains(key)) {
            rows.append(m_overrides.value(key));
            written.insert(key);
        }
    }
    QStringList added(m_dirty.cbegin(), m_dirty.cend());
    added.sort();
    for (const QString &key : std::as_const(added)) {
        if (m_overrides.contains(key) && !written.contains(key))
            rows.append(m_overrides.value(key));
    }
    doc.insert(u"models"_s, rows);
    const QByteArray bytes = QJsonDocument(doc).toJson(QJsonDocument::Indented);

    // The file must be one the price table accepts, or nothing is written.
    Result<PriceTable> check = PriceTable::builtIn();
    const Result<void> applied = check ? check.value().applyOverrides(bytes) : Result<void>(check.error());
    if (!applied) {
        showMessage(tr("Not saved: %1").arg(applied.error().message), true);
        return false;
    }
    const QString path = PriceTable::userOverridesPath();
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        showMessage(tr("Not saved: cannot write %1: %2")
                        .arg(QDir::toNativeSeparators(path), file.errorString()),
                    true);
        return false;
    }
    m_fileDoc = doc;
    m_dirty.clear();
    showMessage(tr("Saved to %1.").arg(QDir::toNativeSeparators(path)), false);
    Q_EMIT pricesSaved();
    return true;
}

} // namespace Crucible

#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace Crucible {

class KeyStore;
class ModelLister;
class Provider;
class ProviderPrefs;

/// One provider on the settings' Providers page: API key field (password echo; cleared once
/// saved), Save (to the keychain, or to memory when no keychain answers) and Remove, where the
/// key in use comes from (keychain / environment $VAR / memory — never the key itself), the
/// base URL override, and Test, which lists the provider's models with the key in the field or
/// the one in use. The provider, store and prefs must outlive the editor.
class ProviderKeyEditor : public QWidget
{
    Q_OBJECT
public:
    ProviderKeyEditor(const Provider &provider, KeyStore &keys, ProviderPrefs &prefs,
                      QWidget *parent = nullptr);

    const Provider &provider() const { return m_provider; }
    /// Re-reads where the key comes from (after a save, a removal or a backend change).
    void refresh();
    QString sourceText() const; ///< what the "Key in use" label shows

private:
    void save();
    void removeKey();
    void test();
    void updateSaveButton();
    void showStatus(const QString &text, bool error);

    const Provider &m_provider;
    KeyStore &m_keys;
    ProviderPrefs &m_prefs;
    ModelLister *m_lister = nullptr;
    QLineEdit *m_keyEdit = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_remove = nullptr;
    QLabel *m_source = nullptr;
    QLineEdit *m_baseUrl = nullptr;
    QPushButton *m_test = nullptr;
    QLabel *m_status = nullptr;
    QPlainTextEdit *m_models = nullptr;
    int m_refreshSerial = 0; ///< drops stale read answers
};

} // namespace Crucible

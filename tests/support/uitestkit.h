#pragma once

// Shared by UI tests (header only: crucible_test_support links no Gui/Widgets, the tests link
// Crucible::Ui): a hermetic main window and a dark palette for screenshots.

#include <QColor>
#include <QPalette>
#include <QTest>

#include <memory>

#include "keys/keystore.h"
#include "mainwindow.h"
#include "providers/providerregistry.h"

namespace Crucible::Test {

/// A MainWindow over its own ProviderRegistry and a memory-only KeyStore (hermetic: never the
/// developer's own keychain). open() in init(), close() in cleanup().
struct MainWindowFixture
{
    std::unique_ptr<ProviderRegistry> providers;
    std::unique_ptr<KeyStore> keys;
    std::unique_ptr<MainWindow> window;

    /// Creates and shows the window; false when it did not become active.
    [[nodiscard]] bool open()
    {
        providers = std::make_unique<ProviderRegistry>();
        KeyStore::Options memoryOnly;
        memoryOnly.memoryOnly = true;
        keys = std::make_unique<KeyStore>(memoryOnly);
        window = std::make_unique<MainWindow>(*providers, keys.get());
        window->show();
        return QTest::qWaitForWindowActive(window.get());
    }

    /// The window first, then what it uses.
    void close()
    {
        window.reset();
        keys.reset();
        providers.reset();
    }
};

/// A dark palette (window, base, button and their texts) for screenshots of the dark look.
inline QPalette darkTestPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(42, 44, 48));
    p.setColor(QPalette::WindowText, QColor(225, 225, 225));
    p.setColor(QPalette::Base, QColor(30, 31, 34));
    p.setColor(QPalette::Text, QColor(225, 225, 225));
    p.setColor(QPalette::Button, QColor(52, 54, 58));
    p.setColor(QPalette::ButtonText, QColor(225, 225, 225));
    return p;
}

} // namespace Crucible::Test

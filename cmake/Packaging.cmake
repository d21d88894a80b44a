# Desktop integration install rules and the CPack .deb configuration.
# Included (OPTIONAL) from the top-level CMakeLists.txt after the targets exist.
#   cmake --build build && cd build && cpack -G DEB      -> build/crucible_<version>-1_<arch>.deb
# The application id is written once here and must match packaging/ and the flatpak manifest.
include(GNUInstallDirs)

set(CRUCIBLE_APP_ID "io.github.crucible.Crucible")

install(FILES ${PROJECT_SOURCE_DIR}/packaging/${CRUCIBLE_APP_ID}.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
if(CRUCIBLE_BUILD_UI)
    install(FILES ${PROJECT_SOURCE_DIR}/packaging/crucible.desktop
            DESTINATION ${CMAKE_INSTALL_DATADIR}/applications
            RENAME ${CRUCIBLE_APP_ID}.desktop)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/crucible.svg
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
            RENAME ${CRUCIBLE_APP_ID}.svg)
endif()

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "crucible")
set(CPACK_PACKAGE_VENDOR "The Crucible authors")
set(CPACK_PACKAGE_CONTACT "The Crucible authors <crucible@example.invalid>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build.*/;/\\\\.git/;/\\\\.cache/")

set(CPACK_DEBIAN_PACKAGE_NAME "crucible")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION "devel")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# Runtime dependencies come from the binaries themselves (dpkg-shlibdeps, from dpkg-dev).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Plus what is loaded as a plugin, invisible to dpkg-shlibdeps: the GUI cannot start without a
# Qt platform plugin (xcb, wayland, offscreen).
if(CRUCIBLE_BUILD_UI)
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
endif()
# The summary is the synopsis line; this becomes the extended description.
set(CPACK_PACKAGE_DESCRIPTION [=[
Crucible streams language-model replies into a native Qt window with live
readouts: time to first token, tokens/s, usage and cost. A built-in Simulator
provider works offline; any OpenAI-compatible server works by base URL.
crucible-cli runs the same requests from scripts.]=])

include(CPack)

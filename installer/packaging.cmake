# SPDX-License-Identifier: MIT
# CPack: a Debian package and a tarball of what installer/CMakeLists.txt installs (`make package`).
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_PACKAGE_NAME interleave)
set(CPACK_PACKAGE_VENDOR "The Interleave developers")
set(CPACK_PACKAGE_CONTACT "The Interleave developers <interleave@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "laboratory for transaction races")
set(CPACK_PACKAGE_DESCRIPTION_FILE ${CMAKE_CURRENT_LIST_DIR}/description.txt)
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build/;/\\\\.git/")
# The tarball unpacks anywhere: bin/interleave, share/...; the package installs under /usr.
set(CPACK_PROJECT_CONFIG_FILE ${CMAKE_CURRENT_LIST_DIR}/cpackoptions.cmake)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# dpkg-shlibdeps finds the libraries the program links (Qt 6 Core, Gui, Widgets, Sql, Svg, Charts, SQLite).
# Qt loads the rest as plugins, so they are named here: the SQL drivers, the window-system and offscreen
# platforms (qt6-qpa-plugins). The SVG icon engine comes with libqt6svg6, which the program links.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, libqt6sql6-psql, libqt6sql6-mysql, qt6-qpa-plugins")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "postgresql-client, mariadb-client")

include(CPack)

# cmake -DBUILD=DIR -DVERSION=V -DARCH=A -DSOURCE=packaging -P deb.cmake
# Builds BUILD/twin_V_A.deb and BUILD/twin-dbgsym_V_A.deb with Debian's own
# tools: `cmake --install` into a staging tree, the binary's debug info
# moved to /usr/lib/debug/.build-id/ (objcopy --only-keep-debug, strip
# --strip-unneeded, --add-gnu-debuglink; the unstripped binary is ~180 MB),
# manual pages gzip -9n, Depends from dpkg-shlibdeps, dpkg-deb
# --root-owner-group. Every tool runs as argv, no shell.
set(stage ${BUILD}/deb/twin)
set(debug_stage ${BUILD}/deb/twin-dbgsym)
set(deb ${BUILD}/twin_${VERSION}_${ARCH}.deb)
set(dbgsym_deb ${BUILD}/twin-dbgsym_${VERSION}_${ARCH}.deb)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                  WORKING_DIRECTORY ${work_dir})
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${ARGN} failed (${rc}):\n${out}${err}")
  endif()
  set(run_out "${out}" PARENT_SCOPE)
endfunction()
set(work_dir ${BUILD})

file(REMOVE_RECURSE ${BUILD}/deb ${deb} ${dbgsym_deb})
run(${CMAKE_COMMAND} -E env DESTDIR=${stage} ${CMAKE_COMMAND} --install ${BUILD} --prefix /usr)

# The debug info, found by gdb through the binary's build id.
set(binary ${stage}/usr/bin/twin)
run(readelf -n ${binary})
if(NOT run_out MATCHES "Build ID: ([0-9a-f][0-9a-f])([0-9a-f]+)")
  message(FATAL_ERROR "${binary} has no build id")
endif()
set(build_id ${CMAKE_MATCH_1}${CMAKE_MATCH_2})
set(debug_file ${debug_stage}/usr/lib/debug/.build-id/${CMAKE_MATCH_1}/${CMAKE_MATCH_2}.debug)
get_filename_component(debug_dir ${debug_file} DIRECTORY)
file(MAKE_DIRECTORY ${debug_dir})
run(objcopy --only-keep-debug --compress-debug-sections ${binary} ${debug_file})
file(CHMOD ${debug_file} PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
run(strip --strip-unneeded --remove-section=.comment ${binary})
run(objcopy --add-gnu-debuglink=${debug_file} ${binary})

# Manual pages are compressed on Debian; -n leaves name and time out, so
# the same page gives the same bytes.
file(GLOB pages ${stage}/usr/share/man/man*/*)
foreach(page ${pages})
  run(gzip -9nf ${page})
endforeach()

# The package's changelog (Debian policy 12.7), for this very version: a
# release that forgot its entry is not built. The package is native (its
# version has no Debian revision), so the file is changelog.gz.
file(STRINGS ${SOURCE}/changelog first_line LIMIT_COUNT 1)
if(NOT first_line MATCHES "^twin \\(${VERSION}\\) ")
  message(FATAL_ERROR "packaging/changelog starts with '${first_line}', not an entry for "
                      "twin ${VERSION}: add one")
endif()
set(changelog ${stage}/usr/share/doc/twin/changelog)
file(COPY_FILE ${SOURCE}/changelog ${changelog})
file(CHMOD ${changelog} PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
run(gzip -9nf ${changelog})

# Depends: the packages that ship the libraries the binary links.
# dpkg-shlibdeps wants a debian/control to read; a scratch one will do.
set(work_dir ${BUILD}/deb/shlibdeps)
file(WRITE ${work_dir}/debian/control "Source: twin\n\nPackage: twin\nArchitecture: any\n")
run(dpkg-shlibdeps -O -e${binary})
if(NOT run_out MATCHES "shlibs:Depends=([^\n]+)")
  message(FATAL_ERROR "dpkg-shlibdeps gave no Depends: ${run_out}")
endif()
# libcurl is opened with dlopen on first use (engine/repo/curl_library.h),
# so dpkg-shlibdeps cannot see it; 7.85 brought CURLOPT_PROTOCOLS_STR.
set(depends "${CMAKE_MATCH_1}, libcurl4 (>= 7.85.0)")
set(work_dir ${BUILD})

# Installed-Size (KiB) and md5sums over what the package installs.
function(write_metadata root)
  file(GLOB_RECURSE files LIST_DIRECTORIES false RELATIVE ${root} ${root}/*)
  list(SORT files)
  set(bytes 0)
  set(sums "")
  foreach(f ${files})
    if(IS_SYMLINK ${root}/${f})
      continue()
    endif()
    file(SIZE ${root}/${f} size)
    math(EXPR bytes "${bytes} + ${size}")
    file(MD5 ${root}/${f} md5)
    string(APPEND sums "${md5}  ${f}\n")
  endforeach()
  math(EXPR kib "(${bytes} + 1023) / 1024")
  set(installed_kib ${kib} PARENT_SCOPE)
  file(MAKE_DIRECTORY ${root}/DEBIAN)
  file(WRITE ${root}/DEBIAN/md5sums "${sums}")
endfunction()

set(maintainer "TwinSync++ maintainers <maintainers@users.noreply.b-seed-1c7d956a.example>")
write_metadata(${stage})
file(WRITE ${stage}/DEBIAN/control
"Package: twin
Version: ${VERSION}
Architecture: ${ARCH}
Maintainer: ${maintainer}
Installed-Size: ${installed_kib}
Depends: ${depends}
Recommends: cron, systemd, whiptail
Section: admin
Priority: optional
Description: keep a digital twin of this machine in Git, and apply it back
 twin records a Linux machine (files, packages, services, crontabs,
 accounts, logs) in a Git repository, the twin. The desired state lives
 in manifests (state/*.twin); `twin plan` shows exactly what would change, and
 `twin apply` applies it after approval, journaling the old state so that
 a failed step rolls the whole apply back.
")
run(dpkg-deb --root-owner-group --build ${stage} ${deb})

write_metadata(${debug_stage})
file(WRITE ${debug_stage}/DEBIAN/control
"Package: twin-dbgsym
Version: ${VERSION}
Architecture: ${ARCH}
Maintainer: ${maintainer}
Installed-Size: ${installed_kib}
Depends: twin (= ${VERSION})
Section: debug
Priority: optional
Auto-Built-Package: debug-symbols
Build-Ids: ${build_id}
Description: debug symbols for twin
")
# -Znone: the debug sections are compressed already (objcopy above); xz
# over them took a minute and a half and saved nothing.
run(dpkg-deb --root-owner-group -Znone --build ${debug_stage} ${dbgsym_deb})
message(STATUS "Built ${deb} and ${dbgsym_deb}")

# Run by cpack (CPACK_PRE_BUILD_SCRIPTS) on the staged files before it packs them: removes the
# debug information from static libraries, as Debian's dh_strip does (--strip-debug keeps the
# symbol table a static library needs; CPACK_STRIP_FILES leaves static libraries alone).
file(GLOB_RECURSE libraries "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*.a")
foreach(library IN LISTS libraries)
    execute_process(COMMAND "${CPACK_QUARRY_STRIP}" --strip-debug "${library}"
                    RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "strip --strip-debug ${library} failed")
    endif()
endforeach()

# Fails when internal code includes the public API header paiban/paiban.h (internal code takes
# the value types from paiban/types.h; only engine/src/api.cc implements paiban.h, and
# engine/src/c_api.cc builds the C API over it), or when the
# PDF writer includes the shaper (it embeds fonts through paiban_fonts only).
# Usage: cmake -DSOURCE_DIR=<repository> -P check_includes.cmake
set(internal_dirs engine/model engine/import engine/pdf engine/docx engine/src layout styles fonts)
set(problems "")
foreach(dir IN LISTS internal_dirs)
  file(GLOB_RECURSE files ${SOURCE_DIR}/${dir}/*.h ${SOURCE_DIR}/${dir}/*.cc)
  foreach(file IN LISTS files)
    file(RELATIVE_PATH rel ${SOURCE_DIR} ${file})
    file(STRINGS ${file} lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]paiban/paiban\\.h[>\"]")
    if(lines AND NOT rel STREQUAL "engine/src/api.cc" AND NOT rel STREQUAL "engine/src/c_api.cc")
      string(APPEND problems "  ${rel}: includes paiban/paiban.h (use paiban/types.h)\n")
    endif()
    if(dir STREQUAL "engine/pdf")
      file(STRINGS ${file} lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"](fonts/)?shaping\\.h[>\"]")
      if(lines)
        string(APPEND problems "  ${rel}: includes the shaper (the PDF writer links paiban_fonts only)\n")
      endif()
    endif()
  endforeach()
endforeach()
if(problems)
  message(FATAL_ERROR "internal code includes headers it must not:\n${problems}")
endif()
message(STATUS "no internal file includes paiban/paiban.h; the PDF writer does not include the shaper")

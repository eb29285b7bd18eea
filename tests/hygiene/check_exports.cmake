# Fails when the shared library exports anything but the documented public API: every defined
# dynamic symbol must be one of the functions declared with PAIBAN_API in engine/include/paiban,
# C++ (paiban.h, files.h, …) or C (paiban_c.h) (no nlohmann, PoDoFo, std:: instantiations,
# paiban::layout, paiban::fonts, paiban::detail …).
# Usage: cmake -DNM=<nm> -DLIBRARY=<libpaiban.so> -P check_exports.cmake
execute_process(COMMAND ${NM} -D --defined-only --demangle ${LIBRARY}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} failed on ${LIBRARY}: ${err}")
endif()
set(public_functions
  version prepare_process_heap read_report_json write_report_json render check_report dump_stage import_text_report
  import_text_file check_report_rules
  describe_fonts write_file_atomic format_diagnostic has_errors plain_text
  read_input_file source_date_epoch_from_environment escape_for_terminal
  OutputSet::add_input OutputSet::check OutputSet::stage OutputSet::commit OutputSet::discard
  OutputSet::~OutputSet OutputSet::resolve_target sync_folders
  Engine::Engine Engine::~Engine Engine::operator= Engine::ok Engine::diagnostics Engine::render
  Engine::check_report Engine::dump_stage Engine::describe_fonts)
# The C API: plain names, no signature.
set(c_functions
  paiban_version paiban_prepare_process_heap paiban_last_error paiban_engine_options_init paiban_render_options_init
  paiban_check_options_init paiban_engine_new paiban_engine_free paiban_render paiban_check
  paiban_import_text paiban_result_status paiban_result_message paiban_result_pdf
  paiban_result_docx paiban_result_json paiban_result_diagnostics_json
  paiban_result_diagnostic_count paiban_result_free)
list(JOIN public_functions "|" names)
list(JOIN c_functions "|" c_names)
set(allowed "^paiban::(${names})(\\[abi:cxx11\\])?\\(")
set(c_allowed "^(${c_names})$")
string(REPLACE "\n" ";" lines "${out}")
set(found "")
set(problems "")
foreach(line IN LISTS lines)
  # "<address> <type> <name>"; the name may hold spaces (demangled signatures).
  if(NOT line MATCHES "^[0-9a-fA-F]+ ([A-Za-z]) (.+)$")
    continue()
  endif()
  set(type ${CMAKE_MATCH_1})
  set(name "${CMAKE_MATCH_2}")
  # Absolute symbols the linker adds to every shared object (_edata, _end, __bss_start …).
  if(type STREQUAL "A" OR name MATCHES "^_(init|fini|edata|end|_bss_start)$")
    continue()
  endif()
  if(name MATCHES "${allowed}")
    string(REGEX REPLACE "[[(].*" "" fn "${name}")
    list(APPEND found ${fn})
  elseif(name MATCHES "${c_allowed}" AND type STREQUAL "T")
    list(APPEND found ${name})
  else()
    string(APPEND problems "  ${type} ${name}\n")
  endif()
endforeach()
if(problems)
  message(FATAL_ERROR "${LIBRARY} exports symbols outside the public API:\n${problems}")
endif()
list(REMOVE_DUPLICATES found)
list(LENGTH found n)
list(LENGTH public_functions want_cxx)
list(LENGTH c_functions want_c)
math(EXPR want "${want_cxx} + ${want_c}")
if(NOT n EQUAL want)
  message(FATAL_ERROR "${LIBRARY} exports ${n} of the ${want} public functions: ${found}")
endif()
message(STATUS "${LIBRARY} exports only the ${n} public functions (${want_c} of the C API)")

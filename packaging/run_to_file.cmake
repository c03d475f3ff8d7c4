# cmake -DOUT=FILE -P run_to_file.cmake -- PROGRAM ARG...
# Runs PROGRAM (argv, no shell) with its standard output into FILE: the
# build writes `twin completion bash|zsh` this way.
set(argv)
set(seen_separator FALSE)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE 1 ${last})
  if(seen_separator)
    list(APPEND argv "${CMAKE_ARGV${i}}")
  elseif(CMAKE_ARGV${i} STREQUAL "--")
    set(seen_separator TRUE)
  endif()
endforeach()
execute_process(COMMAND ${argv} OUTPUT_FILE ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE ${OUT})
  message(FATAL_ERROR "${argv} failed: ${rc}")
endif()

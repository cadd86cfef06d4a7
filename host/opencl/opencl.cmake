# opencl.cmake: included by the top CMakeLists.txt when BASIS_WITH_OPENCL is on: the OpenCL
# runtime's sources, plus kernels/opencl/*.cl embedded into a generated C file at build time.
file(GLOB BASIS_OPENCL_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/host/opencl/*.c)
file(GLOB BASIS_OPENCL_KERNELS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/kernels/opencl/*.cl)
set(BASIS_OPENCL_EMBEDDED ${PROJECT_BINARY_DIR}/generated/opencl_sources.c)
add_custom_command(OUTPUT ${BASIS_OPENCL_EMBEDDED}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/generated
  COMMAND ${CMAKE_COMMAND} -DOUT=${BASIS_OPENCL_EMBEDDED} "-DSOURCES=${BASIS_OPENCL_KERNELS}"
          -P ${PROJECT_SOURCE_DIR}/host/opencl/embed_sources.cmake
  DEPENDS ${BASIS_OPENCL_KERNELS} ${PROJECT_SOURCE_DIR}/host/opencl/embed_sources.cmake
  COMMENT "Embedding kernels/opencl/*.cl"
  VERBATIM)
list(APPEND BASIS_OPENCL_SOURCES ${BASIS_OPENCL_EMBEDDED})

# install.cmake: install rules, the pkg-config file and the CMake package (find_package(basis) -> basis::basis).
include(CMakePackageConfigHelpers)

install(TARGETS basis basis_static EXPORT basisTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_SOURCE_DIR}/include/basis.h ${PROJECT_SOURCE_DIR}/include/basis_cblas.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# cblas.h and lapacke.h under include/basis/, which basis.pc and basis::basis put on the
# include path: programs written against the standard headers build unchanged.
install(FILES ${PROJECT_SOURCE_DIR}/include/compat/cblas.h ${PROJECT_SOURCE_DIR}/include/compat/lapacke.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/basis)
foreach(lib basis basis_static)
  target_include_directories(${lib} INTERFACE $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/basis>)
endforeach()

set(BASIS_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/basis)
install(EXPORT basisTargets NAMESPACE basis:: DESTINATION ${BASIS_CMAKE_DIR})

# The static library's private dependencies must be found again by a consumer.
set(BASIS_PC_PRIVATE "-lm")
set(BASIS_CONFIG_DEPS "")
if(BASIS_WITH_OPENMP)
  string(APPEND BASIS_PC_PRIVATE " -fopenmp")
  string(APPEND BASIS_CONFIG_DEPS "find_dependency(OpenMP COMPONENTS C)\n")
endif()
if(BASIS_WITH_HWLOC)
  string(APPEND BASIS_PC_PRIVATE " -lhwloc")
  string(APPEND BASIS_CONFIG_DEPS "find_dependency(PkgConfig)\npkg_check_modules(HWLOC REQUIRED IMPORTED_TARGET hwloc)\n")
endif()
if(BASIS_WITH_OPENCL)
  string(APPEND BASIS_PC_PRIVATE " -lOpenCL")
  string(APPEND BASIS_CONFIG_DEPS "find_dependency(OpenCL)\n")
endif()
if(BASIS_WITH_ZLIB)
  string(APPEND BASIS_PC_PRIVATE " -lz")
  string(APPEND BASIS_CONFIG_DEPS "find_dependency(ZLIB)\n")
endif()

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/basisConfig.cmake.in
  ${PROJECT_BINARY_DIR}/basisConfig.cmake INSTALL_DESTINATION ${BASIS_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/basisConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/basisConfig.cmake ${PROJECT_BINARY_DIR}/basisConfigVersion.cmake
  DESTINATION ${BASIS_CMAKE_DIR})

# Relocatable: the prefix is found from where basis.pc lies, so `cmake --install --prefix`
# to any folder gives a working file.
file(RELATIVE_PATH BASIS_PC_TO_PREFIX /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
string(REGEX REPLACE "/$" "" BASIS_PC_TO_PREFIX "${BASIS_PC_TO_PREFIX}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/basis.pc.in ${PROJECT_BINARY_DIR}/basis.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/basis.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

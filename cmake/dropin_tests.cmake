# dropin_tests.cmake: the drop-in tests: libbasis_blas (shim), real clients (numpy, a Fortran program), examples/ built against an installed basis.
if(NOT BUILD_TESTING)
  return()
endif()
if(BASIS_BUILD_BLAS_SHIM)
  add_executable(client_blas_shim ${PROJECT_SOURCE_DIR}/tests/client_blas_shim.c)
  target_link_libraries(client_blas_shim PRIVATE basis_blas ${CMAKE_DL_LIBS} m)
  target_include_directories(client_blas_shim PRIVATE ${PROJECT_SOURCE_DIR}/include)
  target_compile_options(client_blas_shim PRIVATE ${BASIS_WARNINGS})
  # The program's own xerbla_ must be visible to the library to replace its handler.
  set_target_properties(client_blas_shim PROPERTIES ENABLE_EXPORTS ON)
  add_test(NAME blas_shim/forward COMMAND client_blas_shim forward)
  # A stand-in system BLAS, so forwarding is tested without one (and under qemu).
  add_library(fake_system_blas SHARED ${PROJECT_SOURCE_DIR}/tests/fake_system_blas.c)
  target_compile_options(fake_system_blas PRIVATE ${BASIS_WARNINGS})
  target_link_libraries(fake_system_blas PRIVATE m)
  add_dependencies(client_blas_shim fake_system_blas)
  add_test(NAME blas_shim/fake COMMAND client_blas_shim fake)
  set_tests_properties(blas_shim/fake PROPERTIES ENVIRONMENT
    "BASIS_SYSTEM_BLAS=$<TARGET_FILE:fake_system_blas>;BASIS_SYSTEM_LAPACK=$<TARGET_FILE:fake_system_blas>")
  add_test(NAME blas_shim/missing COMMAND client_blas_shim missing)
  add_test(NAME blas_shim/self COMMAND client_blas_shim self)
  set_tests_properties(blas_shim/forward blas_shim/fake blas_shim/missing blas_shim/self
    PROPERTIES SKIP_RETURN_CODE 77)
  set_tests_properties(blas_shim/missing PROPERTIES ENVIRONMENT
    "BASIS_SYSTEM_BLAS=libbasis-test-no-such-blas.so.3;BASIS_SYSTEM_LAPACK=libbasis-test-no-such-lapack.so.3")
  set_tests_properties(blas_shim/self PROPERTIES ENVIRONMENT
    "BASIS_SYSTEM_BLAS=$<TARGET_FILE:basis_blas>;BASIS_SYSTEM_LAPACK=$<TARGET_FILE:basis_blas>")
  add_test(NAME blas_shim/exports COMMAND bash ${PROJECT_SOURCE_DIR}/tests/check_shim_exports.sh
    $<TARGET_FILE:basis_blas> ${PROJECT_SOURCE_DIR}/shim ${CMAKE_NM})
  set_tests_properties(blas_shim/exports PROPERTIES SKIP_RETURN_CODE 77)
  set(dropin_shim $<TARGET_FILE:basis_blas>)
else()
  set(dropin_shim "")
endif()
# The clients and examples are built and run with the host's compilers and python: not in a
# cross build.
if(CMAKE_CROSSCOMPILING)
  return()
endif()
# Each client runs against libbasis.so and, where built, libbasis_blas.so; 77 (skipped) with
# a message where the client is not installed.
add_test(NAME client/numpy COMMAND bash ${PROJECT_SOURCE_DIR}/tests/client_numpy.sh
  $<TARGET_FILE:basis> "${dropin_shim}")
add_test(NAME client/fortran COMMAND bash ${PROJECT_SOURCE_DIR}/tests/client_fortran.sh
  $<TARGET_FILE:basis> "${dropin_shim}")
# numpy's own linalg tests with the whole-BLAS stand-in preloaded (about 30 s).
if(BASIS_BUILD_BLAS_SHIM)
  add_test(NAME client/numpy_linalg_suite COMMAND bash
    ${PROJECT_SOURCE_DIR}/tests/client_numpy_suite.sh $<TARGET_FILE:basis_blas>)
  set_tests_properties(client/numpy_linalg_suite PROPERTIES SKIP_RETURN_CODE 77)
endif()
set_tests_properties(client/numpy client/fortran PROPERTIES SKIP_RETURN_CODE 77)
add_test(NAME install_examples COMMAND bash ${PROJECT_SOURCE_DIR}/tests/install_examples.sh
  ${PROJECT_BINARY_DIR})

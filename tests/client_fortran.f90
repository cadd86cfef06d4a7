! client_fortran.f90: a Fortran program calling DGEMM, SGEMM and DGESV as any reference-BLAS program does, linked against basis; checks its own results.
program client_fortran
  implicit none
  external :: dgemm, sgemm, dgesv
  integer, parameter :: m = 37, n = 29, k = 53, ns = 45, nrhs = 3
  double precision :: a(m + 2, k), b(k, n), c(m, n), want(m, n), bt(n, k)
  double precision :: s(ns, ns), s0(ns, ns), x(ns, nrhs), rhs(ns, nrhs)
  real :: as(m, k), bs(k, n), cs(m, n)
  integer :: ipiv(ns), info, i, j, failures
  double precision :: err, bound

  failures = 0
  do j = 1, k
    do i = 1, m + 2
      a(i, j) = sin(dble(i + 3 * j))
    end do
  end do
  do j = 1, n
    do i = 1, k
      b(i, j) = cos(dble(2 * i - j))
      bt(j, i) = b(i, j)
    end do
  end do

  ! C := 2 A B + 0 C with LDA > M; beta = 0 must not read C (it holds NaN-free junk here).
  c = 1.0d300
  call dgemm('N', 'N', m, n, k, 2.0d0, a, m + 2, b, k, 0.0d0, c, m)
  want = 2.0d0 * matmul(a(1:m, :), b)
  err = maxval(abs(c - want))
  bound = 4 * k * epsilon(1.0d0) * 2.0d0 * maxval(matmul(abs(a(1:m, :)), abs(b)))
  if (err > bound) then
    print *, 'dgemm NN: max error', err, 'bound', bound
    failures = failures + 1
  end if

  ! The same with B given transposed, and C := C - A B (beta = 1, alpha = -1).
  call dgemm('N', 'T', m, n, k, -1.0d0, a, m + 2, bt, n, 1.0d0, c, m)
  err = maxval(abs(c - 0.5d0 * want))
  if (err > bound) then
    print *, 'dgemm NT: max error', err, 'bound', bound
    failures = failures + 1
  end if

  as = real(a(1:m, :))
  bs = real(b)
  call sgemm('N', 'N', m, n, k, 1.0, as, m, bs, k, 0.0, cs, m)
  err = maxval(abs(dble(cs) - matmul(dble(as), dble(bs))))
  if (err > 4 * k * epsilon(1.0) * maxval(matmul(abs(dble(as)), abs(dble(bs))))) then
    print *, 'sgemm: max error', err
    failures = failures + 1
  end if

  ! A x = rhs for a diagonally dominant A with a known x.
  do j = 1, ns
    do i = 1, ns
      s(i, j) = sin(dble(i * j)) + merge(dble(ns), 0.0d0, i == j)
    end do
  end do
  do j = 1, nrhs
    do i = 1, ns
      x(i, j) = dble(i) / ns - dble(j)
    end do
  end do
  s0 = s
  rhs = matmul(s, x)
  call dgesv(ns, nrhs, s, ns, ipiv, rhs, ns, info)
  err = maxval(abs(rhs - x))
  if (info /= 0 .or. err > 1000 * ns * epsilon(1.0d0)) then
    print *, 'dgesv: info', info, 'max error', err
    failures = failures + 1
  end if
  if (any(ipiv < 1) .or. any(ipiv > ns)) then
    print *, 'dgesv: pivots outside 1..n'
    failures = failures + 1
  end if

  ! An illegal argument is reported through XERBLA and the call returns with INFO = -4.
  call dgesv(ns, nrhs, s0, ns - 1, ipiv, rhs, ns, info)
  if (info /= -4) then
    print *, 'dgesv with LDA < N: info', info, 'want -4'
    failures = failures + 1
  end if

  if (failures > 0) then
    print *, 'client_fortran: FAILED', failures
    stop 1
  end if
  print '(a)', 'client_fortran: dgemm, sgemm and dgesv passed'
end program client_fortran

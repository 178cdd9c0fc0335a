import type { ErrorMessages } from '.';

/** Indonesian. */
const id: ErrorMessages = {
  VALIDATION_FAILED: 'Beberapa data yang Anda masukkan tidak valid. Silakan periksa kembali dan coba lagi.',
  MALFORMED_JSON: 'Aplikasi mengirim data yang tidak dapat dibaca oleh server. Silakan muat ulang halaman.',
  PAYLOAD_TOO_LARGE: 'Permintaan terlalu besar. Silakan pilih lebih sedikit kursi.',
  UNKNOWN_COMMAND: 'Versi aplikasi ini sudah usang. Silakan muat ulang halaman.',
  IDEMPOTENCY_KEY_REQUIRED: 'Pembayaran tidak dapat dimulai. Silakan coba lagi.',
  IDEMPOTENCY_KEY_REUSED:
    'Percobaan pembayaran ini sudah digunakan untuk pesanan lain. Silakan ulangi proses pembayaran dari awal.',
  AUTH_REQUIRED: 'Silakan masuk terlebih dahulu.',
  AUTH_INVALID: 'Sesi Anda tidak lagi valid. Silakan masuk kembali.',
  AUTH_EXPIRED: 'Sesi Anda telah berakhir. Silakan masuk kembali.',
  INVALID_CREDENTIALS: 'Email atau kata sandi salah.',
  EMAIL_TAKEN: 'Email ini sudah terdaftar. Coba masuk dengan akun tersebut.',
  FORBIDDEN: 'Akun Anda tidak memiliki izin untuk melakukan tindakan ini.',
  NOT_FOUND: 'Kami tidak dapat menemukan yang Anda cari.',
  SHOW_NOT_FOUND: 'Pertunjukan ini tidak ditemukan.',
  SECTION_NOT_FOUND: 'Sektor tersebut tidak termasuk dalam pertunjukan ini.',
  SEAT_NOT_FOUND: 'Salah satu kursi yang Anda pilih tidak termasuk dalam pertunjukan ini.',
  DUPLICATE_SEATS: 'Kursi yang sama dipilih dua kali.',
  TOO_MANY_SEATS: 'Jumlah kursi melebihi batas yang dapat ditahan sekaligus.',
  SHOW_NOT_ON_SALE: 'Pertunjukan ini sedang tidak dijual.',
  SALE_UNAVAILABLE: 'Kursi sedang disiapkan. Silakan coba lagi sesaat lagi.',
  SEAT_UNAVAILABLE:
    'Maaf, salah satu kursi yang Anda pilih baru saja diambil orang lain. Silakan pilih kursi lain.',
  LIMIT_EXCEEDED: 'Jumlah kursi tersebut melebihi batas pembelian akun Anda untuk pertunjukan ini.',
  HOLD_NOT_FOUND: 'Kursi Anda tidak lagi ditahan. Silakan pilih kembali.',
  HOLD_EXPIRED: 'Waktu penahanan kursi Anda telah habis dan kursi telah dilepas. Silakan pilih kembali.',
  HOLD_ALREADY_EXTENDED: 'Waktu penahanan kursi Anda sudah pernah diperpanjang satu kali.',
  HOLD_IN_CHECKOUT: 'Kursi ini sedang dalam proses pembayaran.',
  SALE_NOT_FOUND: 'Penjualan ini tidak ditemukan.',
  QUEUE_NOT_OPEN: 'Ruang tunggu belum dibuka. Silakan kembali sesaat sebelum penjualan dimulai.',
  QUEUE_CLOSED: 'Ruang tunggu untuk penjualan ini sudah ditutup.',
  NOT_IN_QUEUE: 'Anda belum bergabung ke ruang tunggu untuk penjualan ini.',
  NOT_ADMITTED: 'Belum giliran Anda. Biarkan halaman ini tetap terbuka; kami akan mempersilakan Anda masuk.',
  ADMISSION_REQUIRED: 'Silakan masuk melalui ruang tunggu terlebih dahulu.',
  ADMISSION_INVALID: 'Akses pembelian Anda tidak berlaku di sini. Silakan kembali ke ruang tunggu.',
  ADMISSION_EXPIRED: 'Waktu pembelian Anda telah habis.',
  WAITLIST_NOT_OPEN:
    'Daftar tunggu baru dibuka setelah tiket pertunjukan ini habis terjual. Saat ini kursi masih tersedia.',
  ORDER_NOT_FOUND: 'Pesanan ini tidak ditemukan.',
  PAYMENT_FAILED: 'Pembayaran ditolak. Kursi Anda telah dilepas; silakan coba lagi.',
  RATE_LIMITED: 'Terlalu banyak permintaan. Harap tunggu sebentar, lalu coba lagi.',
  SERVICE_UNAVAILABLE: 'Salah satu layanan sedang tidak tersedia untuk sementara. Silakan coba lagi nanti.',
  INTERNAL: 'Terjadi kesalahan di sistem kami. Silakan coba lagi.',
};

export default id;

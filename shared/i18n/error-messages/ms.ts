import type { ErrorMessages } from '.';

/** Malay. */
const ms: ErrorMessages = {
  VALIDATION_FAILED: 'Sebahagian maklumat yang anda masukkan tidak sah. Sila semak dan cuba lagi.',
  MALFORMED_JSON: 'Aplikasi menghantar data yang tidak dapat dibaca oleh pelayan. Sila muat semula halaman.',
  PAYLOAD_TOO_LARGE: 'Permintaan itu terlalu besar. Sila kurangkan bilangan tempat duduk.',
  UNKNOWN_COMMAND: 'Versi aplikasi ini sudah lapuk. Sila muat semula halaman.',
  IDEMPOTENCY_KEY_REQUIRED: 'Pembayaran tidak dapat dimulakan. Sila cuba lagi.',
  IDEMPOTENCY_KEY_REUSED:
    'Percubaan pembayaran ini telah digunakan untuk pesanan lain. Sila mulakan semula proses pembayaran.',
  AUTH_REQUIRED: 'Sila log masuk dahulu.',
  AUTH_INVALID: 'Sesi anda tidak lagi sah. Sila log masuk semula.',
  AUTH_EXPIRED: 'Sesi anda telah tamat tempoh. Sila log masuk semula.',
  INVALID_CREDENTIALS: 'E-mel atau kata laluan salah.',
  EMAIL_TAKEN: 'Akaun dengan e-mel ini sudah wujud. Cuba log masuk.',
  FORBIDDEN: 'Akaun anda tidak dibenarkan melakukan tindakan itu.',
  NOT_FOUND: 'Kami tidak dapat menemui apa yang anda cari.',
  SHOW_NOT_FOUND: 'Kami tidak dapat menemui persembahan ini.',
  SECTION_NOT_FOUND: 'Seksyen itu bukan sebahagian daripada persembahan ini.',
  SEAT_NOT_FOUND: 'Salah satu tempat duduk yang anda pilih bukan sebahagian daripada persembahan ini.',
  DUPLICATE_SEATS: 'Tempat duduk yang sama telah dipilih dua kali.',
  TOO_MANY_SEATS: 'Bilangan tempat duduk itu melebihi had bagi satu tempahan.',
  SHOW_NOT_ON_SALE: 'Tiket persembahan ini tidak dijual buat masa ini.',
  SALE_UNAVAILABLE: 'Tempat duduk sedang disediakan. Sila cuba semula sebentar lagi.',
  SEAT_UNAVAILABLE:
    'Maaf, salah satu tempat duduk yang anda pilih baru sahaja diambil oleh orang lain. Sila pilih tempat duduk lain.',
  LIMIT_EXCEEDED:
    'Jumlah itu melebihi bilangan tempat duduk yang boleh dibeli oleh akaun anda untuk persembahan ini.',
  HOLD_NOT_FOUND: 'Tempat duduk anda tidak lagi ditempah. Sila pilih semula.',
  HOLD_EXPIRED: 'Tempahan anda telah tamat tempoh dan tempat duduk telah dilepaskan. Sila pilih semula.',
  HOLD_ALREADY_EXTENDED: 'Tempahan anda telah pun dilanjutkan sekali.',
  HOLD_IN_CHECKOUT: 'Tempat duduk ini sedang dalam proses pembayaran.',
  SALE_NOT_FOUND: 'Kami tidak dapat menemui jualan ini.',
  QUEUE_NOT_OPEN: 'Bilik menunggu belum dibuka. Sila kembali sejurus sebelum jualan bermula.',
  QUEUE_CLOSED: 'Bilik menunggu untuk jualan ini telah ditutup.',
  NOT_IN_QUEUE: 'Anda belum menyertai bilik menunggu untuk jualan ini.',
  NOT_ADMITTED: 'Giliran anda belum tiba. Biarkan halaman ini terbuka; kami akan membawa anda masuk.',
  ADMISSION_REQUIRED: 'Sila masuk melalui bilik menunggu dahulu.',
  ADMISSION_INVALID: 'Pas pembelian anda tidak sah di sini. Sila kembali ke bilik menunggu.',
  ADMISSION_EXPIRED: 'Masa pembelian anda telah tamat.',
  WAITLIST_NOT_OPEN:
    'Senarai menunggu hanya dibuka apabila tiket persembahan ini habis dijual. Tempat duduk masih ada.',
  ORDER_NOT_FOUND: 'Kami tidak dapat menemui pesanan ini.',
  PAYMENT_FAILED: 'Pembayaran ditolak. Tempat duduk anda telah dilepaskan; sila cuba lagi.',
  RATE_LIMITED: 'Terlalu banyak permintaan. Sila tunggu sebentar dan cuba lagi.',
  SERVICE_UNAVAILABLE: 'Satu perkhidmatan tidak tersedia buat seketika. Sila cuba semula sebentar lagi.',
  INTERNAL: 'Berlaku ralat di pihak kami. Sila cuba lagi.',
};

export default ms;

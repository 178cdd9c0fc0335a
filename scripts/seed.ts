/**
 * Loads the demo tour (a 50,000-seat stadium, two shows) and, on first run, a box-office staff
 * account whose password is printed once. Safe to run again: it updates in place.
 */
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../server/accounts/password-hash';
import { DEMO_SALE_ID, DEMO_SHOW_IDS, seedDemoTour } from '../server/catalogue/catalogue-seed';
import { loadConfig } from '../server/config/config';
import { createDatabase } from '../server/db/database';

const config = loadConfig(process.env, () => 'unused-by-the-seed-unused-by-the-seed');
const db = createDatabase(config.DATABASE_URL, 1);
try {
  const venue = await seedDemoTour(db, {
    onSaleAt: process.env.DEMO_ON_SALE_AT ? new Date(process.env.DEMO_ON_SALE_AT) : undefined,
  });
  console.log(`seeded ${venue.name}: ${venue.seatCount} seats, shows ${DEMO_SHOW_IDS.join(' and ')}`);
  const sale = await db
    .selectFrom('sales')
    .select(['starts_at', 'seed_commitment'])
    .where('id', '=', DEMO_SALE_ID)
    .executeTakeFirstOrThrow();
  console.log(
    `sale ${DEMO_SALE_ID}: waiting room open now, shuffle at ${sale.starts_at.toISOString()}, seed SHA-256 ${sale.seed_commitment}`,
  );

  const staffEmail = process.env.STAFF_EMAIL ?? 'boxoffice@seatrush.local';
  const existing = await db
    .selectFrom('staff_accounts')
    .select('id')
    .where('email', '=', staffEmail)
    .executeTakeFirst();
  if (!existing) {
    const password = process.env.STAFF_PASSWORD ?? randomBytes(12).toString('base64url');
    await db
      .insertInto('staff_accounts')
      .values({
        email: staffEmail,
        password_hash: await hashPassword(password, config.PASSWORD_HASH_LOG2_COST),
        display_name: 'Box office',
        role: 'admin',
      })
      .execute();
    console.log(
      `box-office account: ${staffEmail} / ${process.env.STAFF_PASSWORD ? '(STAFF_PASSWORD)' : password}`,
    );
  }
} finally {
  await db.destroy();
}

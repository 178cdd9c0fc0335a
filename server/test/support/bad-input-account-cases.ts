import {
  MJ,
  PLAIN,
  TL,
  VF,
  body,
  endpoint,
  is,
  paths,
  text,
  type BadInputCase,
  type HttpCase,
} from './bad-input-cases';
import { badIdentities } from './bad-input-queue-cases';

/**
 * The fan's own account in the bad-input table (bad-input.test.ts): PATCH /api/me takes exactly
 * { language } from the list of languages, so anything else must leave the account as it is.
 */
const ME = () => '/api/me';

const accountHttpCases: HttpCase[] = [
  ...paths('PATCH', '/api/me', 'fan', badIdentities(ME, 'staff')).map((testCase): HttpCase => ({
    ...testCase,
    body: body({ language: 'th' }),
  })),
  ...endpoint('PATCH', '/api/me', ME, 'fan', [
    ['no body', VF],
    ['empty object', VF, text('{}')],
    ['garbage JSON', MJ, text('{"language":')],
    ['bare JSON string', is('MALFORMED_JSON', 'VALIDATION_FAILED'), text('"th"')],
    ['JSON null', is('MALFORMED_JSON', 'VALIDATION_FAILED'), text('null')],
    ['JSON array', VF, body([{ language: 'th' }])],
    ['unknown language', VF, body({ language: 'xx' })],
    ['language in capitals', VF, body({ language: 'TH' })],
    ['language with a region', VF, body({ language: 'en-US' })],
    ['language with a trailing space', VF, body({ language: 'th ' })],
    ['empty language', VF, body({ language: '' })],
    ['numeric language', VF, body({ language: 7 })],
    ['language null', VF, body({ language: null })],
    ['language as an array', VF, body({ language: ['th'] })],
    ['60 KB language', VF, body({ language: 'l'.repeat(60_000) })],
    ['language and a display name', VF, body({ language: 'th', displayName: 'Someone else' })],
    ['only an e-mail', VF, body({ email: 'someone@example.test' })],
    ['phone verified', VF, body({ language: 'th', phoneVerified: true })],
    ['__proto__ key', VF, text('{"language":"th","__proto__":{"language":"ko"}}')],
    ['text/plain body', VF, body({ language: 'th' }), PLAIN],
    ['100 KB body', TL, body({ language: 'th', note: 'n'.repeat(100_000) })],
  ]),
  ...endpoint('PUT', '/api/me', ME, 'fan', [['no such method', is('NOT_FOUND'), body({ language: 'th' })]]),
];

export const accountBadInputCases: BadInputCase[] = accountHttpCases;

import { expect } from '@open-wc/testing';
import { isSaledayError, type SaledayError } from '../../src/core/errors.js';
import {
  isHttpUrl,
  parseDeal,
  parseDealList,
  parseOrder,
  parseSale,
  parseStats,
} from '../../src/core/validate.js';

const serverTime = Date.parse('2026-11-10T23:59:00Z');
const sale = () => ({
  id: '1111',
  name: 'Singles Day',
  startsAt: '2026-11-11T00:00:00+08:00',
  endsAt: '2026-11-12T00:00:00+08:00',
  currency: 'CNY',
  serverTime,
});
const deal = () => ({
  id: 'd1',
  saleId: '1111',
  title: 'Wireless earbuds',
  imageUrl: 'https://img.example/d1.jpg',
  url: 'https://shop.example/d1',
  price: { amount: 19900, currency: 'CNY' },
  listPrice: { amount: 39900, currency: 'CNY' },
  stock: { total: 100, remaining: 13 },
  maxPerOrder: 2,
  serverTime,
});

/** Runs `parse` and returns the SaledayError it threw. */
function rejection(parse: () => unknown): SaledayError {
  try {
    parse();
  } catch (error) {
    expect(isSaledayError(error), String(error)).to.be.true;
    expect((error as SaledayError).code).to.equal('invalid_response');
    return error as SaledayError;
  }
  throw new Error('expected the body to be rejected');
}

describe('validation', () => {
  it('accepts good bodies and returns only the contract fields', () => {
    expect(parseSale({ ...sale(), extra: '<script>' })).to.deep.equal(sale());
    expect(parseDeal(deal())).to.deep.equal(deal());
    expect(
      parseStats({ gmv: { amount: 12, currency: 'USD' }, orders: 3, serverTime }),
    ).to.deep.equal({
      gmv: { amount: 12, currency: 'USD' },
      orders: 3,
      serverTime,
    });
    const list = parseDealList({
      deals: [deal(), { ...deal(), id: 'd2', serverTime: undefined }],
      serverTime,
    });
    expect(list.deals.map((d) => d.id)).to.deep.equal(['d1', 'd2']);
    expect(list.deals[1]!.serverTime).to.equal(serverTime);
  });

  it('accepts valid windows and milestones', () => {
    const windows = [
      {
        id: 'w1',
        name: 'Early bird',
        startsAt: '2026-11-01T00:00:00Z',
        endsAt: '2026-11-03T00:00:00Z',
      },
      { id: 'w2', name: 'Main', startsAt: '2026-11-11T00:00:00Z', endsAt: '2026-11-12T00:00:00Z' },
    ];
    const parsed = parseSale({ ...sale(), windows, milestones: { gmv: [100000], orders: [10] } });
    expect(parsed.windows).to.deep.equal(windows);
    expect(parsed.milestones).to.deep.equal({ gmv: [100000], orders: [10] });
  });

  it('names the field and the problem of a bad body', () => {
    const cases: Array<[() => unknown, RegExp]> = [
      [() => parseSale(null), /sale must be an object, got null/],
      [() => parseSale('nope'), /sale must be an object, got string/],
      [() => parseSale({ ...sale(), id: undefined }), /sale\.id must be a string/],
      [() => parseSale({ ...sale(), startsAt: 'tomorrow' }), /sale\.startsAt must be an ISO 8601/],
      [
        () => parseSale({ ...sale(), startsAt: '2026-11-11T00:00:00' }),
        /sale\.startsAt must be an ISO 8601/,
      ],
      [
        () => parseSale({ ...sale(), endsAt: '2026-11-10T00:00:00Z' }),
        /sale\.endsAt must be after startsAt/,
      ],
      [() => parseSale({ ...sale(), currency: 'XYZ' }), /sale\.currency must be an ISO 4217/],
      [() => parseSale({ ...sale(), currency: 'usd' }), /sale\.currency must be an ISO 4217/],
      [() => parseSale({ ...sale(), serverTime: '1' }), /sale\.serverTime must be an integer/],
      [() => parseSale({ ...sale(), serverTime: 32503680000000 }), /not a plausible time/],
      [() => parseSale({ ...sale(), name: 'x'.repeat(100_000) }), /sale\.name is longer than 300/],
      [
        () => parseDeal({ ...deal(), price: { amount: 19.9, currency: 'CNY' } }),
        /deal\.price\.amount must be an integer, got 19\.9/,
      ],
      [
        () => parseDeal({ ...deal(), price: { amount: -1, currency: 'CNY' } }),
        /deal\.price\.amount must be at least 0/,
      ],
      [
        () => parseDeal({ ...deal(), price: { amount: NaN, currency: 'CNY' } }),
        /deal\.price\.amount must be an integer/,
      ],
      [
        () => parseDeal({ ...deal(), listPrice: { amount: 1, currency: 'USD' } }),
        /listPrice\.currency must match/,
      ],
      [
        () => parseDeal({ ...deal(), stock: { total: 5, remaining: -1 } }),
        /deal\.stock\.remaining must be at least 0/,
      ],
      [() => parseDeal({ ...deal(), stock: { total: 5, remaining: 6 } }), /must not exceed total/],
      [
        () => parseDeal({ ...deal(), url: 'javascript:alert(1)' }),
        /deal\.url must be an absolute http\(s\) URL/,
      ],
      [
        () => parseDeal({ ...deal(), imageUrl: 'data:image/svg+xml,<svg onload=alert(1)>' }),
        /deal\.imageUrl must be an absolute http/,
      ],
      [() => parseDeal({ ...deal(), title: 42 }), /deal\.title must be a string, got number/],
      [() => parseDeal({ ...deal(), title: '  ' }), /deal\.title must not be empty/],
      [() => parseDeal({ ...deal(), maxPerOrder: 0 }), /deal\.maxPerOrder must be at least 1/],
      [
        () => parseDealList({ deals: [deal(), { ...deal(), stock: null }], serverTime }),
        /deals\.deals\[1\]\.stock must be an object/,
      ],
      [
        () => parseStats({ gmv: { amount: 1, currency: 'USD' }, orders: -3, serverTime }),
        /stats\.orders must be at least 0/,
      ],
      [
        () => parseOrder({ orderId: 'o1', status: 'shipped', serverTime }),
        /order\.status must be one of/,
      ],
      [
        () =>
          parseOrder({
            orderId: 'o1',
            status: 'confirmed',
            checkoutUrl: 'javascript:x',
            serverTime,
          }),
        /checkoutUrl must be an absolute http/,
      ],
    ];
    for (const [parse, pattern] of cases) {
      expect(rejection(parse).message).to.match(pattern);
    }
  });

  it('rejects windows that overlap, run backwards or come out of order', () => {
    const w = (id: string, startsAt: string, endsAt: string) => ({
      id,
      name: id,
      startsAt,
      endsAt,
    });
    expect(
      rejection(() =>
        parseSale({
          ...sale(),
          windows: [
            w('a', '2026-11-01T00:00:00Z', '2026-11-03T00:00:00Z'),
            w('b', '2026-11-02T00:00:00Z', '2026-11-04T00:00:00Z'),
          ],
        }),
      ).message,
    ).to.match(/sale\.windows\[1\] overlaps/);
    expect(
      rejection(() =>
        parseSale({ ...sale(), windows: [w('a', '2026-11-03T00:00:00Z', '2026-11-01T00:00:00Z')] }),
      ).message,
    ).to.match(/sale\.windows\[0\]\.endsAt must be after its startsAt/);
    expect(rejection(() => parseSale({ ...sale(), windows: [] })).message).to.match(
      /must not be empty/,
    );
  });

  it('follows only absolute http(s) URLs', () => {
    expect(isHttpUrl('https://a.example/x')).to.be.true;
    expect(isHttpUrl('http://127.0.0.1:8080/')).to.be.true;
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,x',
      '//evil.example',
      '/relative',
      'JaVaScRiPt:x',
      'vbscript:x',
      42,
      null,
    ]) {
      expect(isHttpUrl(bad), String(bad)).to.be.false;
    }
  });
});

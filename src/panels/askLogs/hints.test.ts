import { labelHintsFromVariables } from './hints';

it('keeps single concrete values of label-like variables only', () => {
  expect(
    labelHintsFromVariables([
      { name: 'job', type: 'query', current: { value: 'checkout' } },
      { name: 'env', type: 'custom', current: { value: ['prod'] } },
      { name: 'pod', type: 'query', current: { value: ['a', 'b'] } },
      { name: 'ns', type: 'query', current: { value: '$__all' } },
      { name: 'interval', type: 'interval', current: { value: '1m' } },
      { name: 'bad-name', type: 'custom', current: { value: 'x' } },
      { name: 'empty', type: 'query', current: { value: null } },
    ])
  ).toEqual({ job: 'checkout', env: 'prod' });
});

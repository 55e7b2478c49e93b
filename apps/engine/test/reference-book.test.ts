import { ReferenceOrderBook } from '../src/core/reference-book';
import { orderBookSuite } from './support/book-suite';

orderBookSuite('ReferenceOrderBook', () => new ReferenceOrderBook());

export interface Product {
  id: number;
  name: string;
  category: string;
  /** Price in cents, to keep totals exact. */
  price: number;
  description: string;
  /** Hue (0-360) of the product's tile in the shop; the demo ships no images. */
  hue: number;
  stock: number;
}

export const PRODUCTS: readonly Product[] = [
  {
    id: 1,
    name: 'Enamel Camp Mug',
    category: 'Kitchen',
    price: 1800,
    description: 'A 12 oz steel mug with a speckled enamel finish. Survives campfires and Monday mornings.',
    hue: 200,
    stock: 42,
  },
  {
    id: 2,
    name: 'Canvas Tote Bag',
    category: 'Bags',
    price: 2400,
    description: 'Heavy 16 oz cotton canvas, an inside pocket, and straps long enough to wear on the shoulder.',
    hue: 35,
    stock: 18,
  },
  {
    id: 3,
    name: 'Ceramic Pour-Over Set',
    category: 'Kitchen',
    price: 4600,
    description: 'Hand-glazed dripper with a matching carafe. Brews two cups; paper filters included.',
    hue: 12,
    stock: 7,
  },
  {
    id: 4,
    name: 'Merino Wool Beanie',
    category: 'Apparel',
    price: 3200,
    description: 'Soft, warm and itch-free fine merino, knitted in a classic ribbed pattern.',
    hue: 275,
    stock: 25,
  },
  {
    id: 5,
    name: 'Walnut Desk Lamp',
    category: 'Home',
    price: 8900,
    description: 'Solid walnut base, a warm dimmable LED and a braided cable. Assembled by hand.',
    hue: 28,
    stock: 4,
  },
  {
    id: 6,
    name: 'Linen Throw Blanket',
    category: 'Home',
    price: 7400,
    description: 'Stonewashed European linen that gets softer with every wash. 130 x 170 cm.',
    hue: 150,
    stock: 11,
  },
  {
    id: 7,
    name: 'Field Notebook 3-Pack',
    category: 'Stationery',
    price: 1400,
    description: 'Pocket-sized dot-grid notebooks with recycled kraft covers. 48 pages each.',
    hue: 50,
    stock: 60,
  },
  {
    id: 8,
    name: 'Trail Water Bottle',
    category: 'Outdoors',
    price: 2900,
    description: 'Insulated stainless bottle: cold for 24 hours, hot for 12. Leak-proof loop cap.',
    hue: 180,
    stock: 33,
  },
];

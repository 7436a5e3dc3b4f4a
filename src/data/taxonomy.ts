/**
 * The curated topic taxonomy, as data. Two levels only: top-level groups (parent === null) and
 * their children. Influencers pick child topics; a search on a group also matches its children.
 *
 * Rules (checked by test/unit/taxonomy.test.ts):
 * - slugs are lower-case kebab-case, globally unique and STABLE: they are referenced from stored
 *   data, so never rename one; add a new topic instead;
 * - every parent is listed before its children;
 * - names are English, with accents where they are natural ("Pâtisserie", "Café culture"),
 *   which lets accent-insensitive search be demonstrated.
 */

export interface TopicSeed {
  slug: string;
  name: string;
  /** Slug of the top-level group, or null for a group itself. */
  parent: string | null;
}

function group(slug: string, name: string, children: ReadonlyArray<readonly [string, string]>): TopicSeed[] {
  return [
    { slug, name, parent: null },
    ...children.map(([childSlug, childName]) => ({ slug: childSlug, name: childName, parent: slug })),
  ];
}

export const TAXONOMY: readonly TopicSeed[] = Object.freeze(
  [
    ...group('beauty', 'Beauty', [
      ['makeup', 'Makeup'],
      ['skincare', 'Skincare'],
      ['haircare', 'Haircare'],
      ['nail-art', 'Nail art'],
      ['fragrance', 'Fragrance'],
      ['k-beauty', 'K-beauty'],
    ]),
    ...group('fashion', 'Fashion', [
      ['streetwear', 'Streetwear'],
      ['luxury-fashion', 'Luxury fashion'],
      ['vintage-fashion', 'Vintage & thrift'],
      ['menswear', 'Menswear'],
      ['modest-fashion', 'Modest fashion'],
      ['haute-couture', 'Haute couture'],
    ]),
    ...group('fitness', 'Fitness & wellness', [
      ['yoga', 'Yoga'],
      ['running', 'Running'],
      ['strength-training', 'Strength training'],
      ['pilates', 'Pilates'],
      ['mental-health', 'Mental health'],
      ['nutrition', 'Nutrition'],
      ['meditation', 'Meditation'],
    ]),
    ...group('food', 'Food & drink', [
      ['vegan-cooking', 'Vegan cooking'],
      ['baking', 'Baking'],
      ['patisserie', 'Pâtisserie'],
      ['street-food', 'Street food'],
      ['wine', 'Wine'],
      ['coffee', 'Café culture'],
      ['home-cooking', 'Home cooking'],
      ['restaurant-reviews', 'Restaurant reviews'],
    ]),
    ...group('travel', 'Travel', [
      ['budget-travel', 'Budget travel'],
      ['luxury-travel', 'Luxury travel'],
      ['backpacking', 'Backpacking'],
      ['van-life', 'Van life'],
      ['city-breaks', 'City breaks'],
      ['travel-photography', 'Travel photography'],
    ]),
    ...group('tech', 'Tech & science', [
      ['gadgets', 'Gadgets & reviews'],
      ['software-development', 'Software development'],
      ['artificial-intelligence', 'Artificial intelligence'],
      ['smartphones', 'Smartphones'],
      ['science-communication', 'Science communication'],
      ['space', 'Space & astronomy'],
      ['language-learning', 'Language learning'],
    ]),
    ...group('gaming', 'Gaming', [
      ['esports', 'Esports'],
      ['pc-gaming', 'PC gaming'],
      ['console-gaming', 'Console gaming'],
      ['mobile-gaming', 'Mobile gaming'],
      ['retro-gaming', 'Retro gaming'],
      ['tabletop-games', 'Tabletop & board games'],
    ]),
    ...group('family', 'Parenting & family', [
      ['pregnancy', 'Pregnancy'],
      ['toddlers', 'Toddlers'],
      ['homeschooling', 'Homeschooling'],
      ['family-travel', 'Family travel'],
      ['pets', 'Pets'],
    ]),
    ...group('finance', 'Personal finance', [
      ['investing', 'Investing'],
      ['budgeting', 'Budgeting'],
      ['crypto', 'Crypto'],
      ['entrepreneurship', 'Entrepreneurship'],
      ['careers', 'Careers'],
    ]),
    ...group('home', 'Home & garden', [
      ['interior-design', 'Interior design'],
      ['diy', 'DIY & crafts'],
      ['gardening', 'Gardening'],
      ['houseplants', 'Houseplants'],
      ['minimalism', 'Minimalism'],
      ['art-deco', 'Art déco interiors'],
    ]),
    ...group('entertainment', 'Music & entertainment', [
      ['pop-music', 'Pop music'],
      ['hip-hop', 'Hip-hop'],
      ['k-pop', 'K-pop'],
      ['electronic-music', 'Electronic music'],
      ['film', 'Film & series'],
      ['comedy', 'Comedy'],
      ['books', 'Books'],
    ]),
    ...group('sports', 'Sports', [
      ['football', 'Football'],
      ['basketball', 'Basketball'],
      ['tennis', 'Tennis'],
      ['cycling', 'Cycling'],
      ['surfing', 'Surfing'],
      ['skiing', 'Skiing & après-ski'],
      ['climbing', 'Climbing'],
    ]),
    ...group('sustainability', 'Sustainability', [
      ['zero-waste', 'Zero waste'],
      ['sustainable-fashion', 'Sustainable fashion'],
      ['climate', 'Climate action'],
      ['slow-living', 'Slow living'],
      ['upcycling', 'Upcycling'],
    ]),
    ...group('art', 'Art & design', [
      ['illustration', 'Illustration'],
      ['photography', 'Photography'],
      ['graphic-design', 'Graphic design'],
      ['ceramics', 'Ceramics & pottery'],
      ['calligraphy', 'Calligraphy'],
      ['street-art', 'Street art'],
    ]),
  ].map((t) => Object.freeze(t)),
);

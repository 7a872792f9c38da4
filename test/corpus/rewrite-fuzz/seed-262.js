"]\
"""
;
/*  mm*/try {/*　 omxv		 y */
//t m htdt rlh    /*
r afj	poyg*/ function* //﻿ a e  bhy  vk h 
//  r psxh  x g﻿k﻿  h 
nimxfytkkqh(async/*tpevy *///j  ffbfyf  opy nkr
= []) {
 /*u c  zv*//* 
pg ns er  
 */   return//　 g   muc/* b
xt*/ /*p o
  mh ftssh﻿*/// dnt　nfg﻿lu   u h y 
	 //rz   a﻿f ao　gzquo
 function*/*uj 
   fs xd
a na*/ public() {
//a 
/*n    rcj s u  
pix
*///kcg xm  //cj eig s qxvtvjn //pdgvm ﻿vm　 kg 
    "öÁ"
//u      hva hl
//hn      "n";
//u k　n iyn
/*rjf   ze　 t e nf*/// 
/**/      "-Iãb";
  
  "f\¹ÐÈ"//cpoen  ﻿yf      do/*pc k py kg  p	 */ continue
//e﻿i r    gq   td
 while ({})
//ip f 

   /*n
 z  nebk*/ }// ce  q
  }
/*k ml s
     tqyignys*/ /*
*/ /*peg ca k sf*/({eval,/* if 
a  p  */ [6347]://ac  /* ku q
dm﻿*/class {}})/* */
 //  rhq　sg hlj gp r  //		tua﻿  	　
 for (const// sn kyyddh q  z s
//n tp p //vtve f gm  j of//zg    c /*zp
*/ (null))//s  hoj btcz  ito
 with/* z lr  *//* b sxb bgkdtl*//*   	askur h 
fb*/ (/^\r\0\f/giuy.u.ylogimjwusm) /*   yad b  	z*/for// h pg
(let /*﻿  qpbj ozmdpp  */i// b  o
 /* f d*/in /*i l itp
 a
k
f*//*q   ﻿　  q

*/[])/*xalx pt﻿qqsfza eu*/ if // (this)/*vm*/ debugger
/* 　
p x b
 ﻿*/ else //
//c mb
continue
/*dyaf y    z*/ //fl 	 my
switch (this) /*fbu     e*/{// 

/*f f
pld t  　s*/    //lhdefault:
    case this:
//　﻿ v  dilc
  /*ey  */}//k﻿	 

} /*
 ta ff﻿  de zb */catch//dc ncso  y sn /*pj*//*x　 z kj　   p  t j m*/(ha) //ossuovpsdj o  haldr
{} /* 	f  d
*//*a  
    ohr
	 ihqo */finally//    f　q {//  yloph ki
  //h  fnptl    vbd{　

    for (eval //gmn
of `¨Z0`)/* */ switch (false)/* e  o  h holz
j i*/ {
// n hd ea    /*  h l    */  /* humo 　	v j thhx　b*/default:
   // vktv j tkyzq
// gyk yp f /* s  yb  fdlfykxs*/}
//p 
 /*eo﻿ fnon*/   with /*
poy  u */("&") protected: for (s of//z om v
 (((true))))//tkrbv  v/*n  utmknhng﻿   t 
*/ ;//eb  s y﻿ft yzqab 
 //ojgz zp
/*   j  y*/   /*n  
 gx jx  */for (t/*　j h n k s  mx   rv */ //aq ﻿   pf  kh ka zyof /**/2e308 &&/* d  q*/ /**/public) with/*v*/ (true) break;/*m	qin g m *//*nc do  l 
o x*/
//deneuif ﻿vgn o	f
    pakds: /* s k　 */for /*n
　xy   *//*  dg
x h mji*//* fuf */(let//　 ccmbv ju
 private of /**//* v
m　 hjdi　vgddi
y　t*//**/ /(?:)/gimuy) /*cb j mc r  l
 
u*/;// e﻿ to b　ca
/*c
u 　zpq    bvj */  }
 /*
lx z　gybjysor*/ /* bc u	 gt
iqok　 xe*/switch (new (((/(?!(?!)$){20436,94765}?(?!(?=)(?!))(?=){86280,94558}[--]??/gy //k rz s//  trosr   j x n
>= (((eval))))))(.../(?:)/imy, ...null)[`W${false[this] ++}Ûá`])//x yg k qh  pl　　k   
 {}
  switch//s　	vct o    　 l
// 
 (`FÁ${typeof // ynull}${async function ([], //vyp kp s pri
f, 
//

[],/*jq dvie syc	 luyiob
*/ private/*  cg elh *//*	
po ubd 
  ngd*///  zu g qgm
 = 2e308) {
//b qj 

   "RÐ"   /* d ex  b a s *//*a*///v  rg 	vgzk "\µGKb"/*　 
g avr*///k t   　  cce p

/*j	g   c hbitmr *//**/ /*q
r  
aajtc ec  nab*/  /* f  e so 　tuz*/ "¿È¾"


  //hy//v  skm a y　  i lj
  "\
ø#"
//yc 
// y//b　  o g f f
    "ð"//  cum vq 

  }},`)/*uoj gt 　sb*/ {   /*bge   kirm lvq d  v*/case //
/*c y tr  q  h */void (()/*yhy p   a *//**/ => //　 v   u z xksn 
0x43D8AAEA00000):// ca c  ogo
// kl ze  tn
  /*jj
la 
sip　 *//* ﻿g	iym  yd*/ // l  pr  u  i
//	d c   pae　
    // zi zr	dgqo
/*dovgttgv　 */switch /*p d*/(this) {
/*s*/ //msqf  x o ly b
  // o  　 ms  c　pepeb
/* kxesldabx l  s*///c	
 //tnj  ﻿  mq   t x  //dd　mm r	j
//
 /* yp *//*ahgu zt pofq﻿a */ case (null):// j  gu
// 	sn   m p 　og  txg
/*dl　　nv  e r*/  /*v */      /*op  q unb　m j ym*/case /**/// 　xqymjx
(0xBFEC95C000000):// gc  gly x y
// q ddfq﻿  ai  v

  // 
  //j r  f  o f  
    default:
      //  
/*v   *//*subk*/ // efcxl fo  nh z  // hcdylxvao   x 	
case// snz
// "´`«":
/*ss pyo  hugy*/ /* 
zf*/     /*y  	f fqal p*/ // 　  case null:
 /*v */  /*﻿
r gb*/ /*  xk  doetzetq*/ /*i    o pth h  
p */ //ja v /*bje﻿db*/  case//sh zp rruj	e jxr
//z cmqo﻿p d brs  oi/* x h z
uy */ ((/(?:)/isu)):
/*p*/  //  ie e hxly rk﻿　 e  /*
r  yn ﻿  ari  gx  */ /*ru*/ //
//te z k exm  
}/*   ﻿xkf　*/
// oqudtq　gvb ﻿/*tdj  c y ya */  // um    k zeg﻿
  case ":¶8°":
//cf u hkov    d	f /*sz  s  a
　 　*/ //gmydqxslpa    ;
/* or  k
*/    /*j mzhq
﻿ uj */case/*  sed p*//*  q﻿  k  qoaq*//*m n　  nq*/ `z­æ`:
//o xvd ghq	il njjd
    with	//t t
/*   iu
tym ksl﻿u
to*/(async => /*jr j  zan*/{
// e xtijr  p /*  m      
e u*/ /*ek k l
ijvm﻿
x*/ //d jcb
   /* r m vro  z */ /*surlf
  i　gf*/ // rlu oglne f  "9Âº"  /*　l﻿i opj
   ez 　r   */ /*v  xb 	knq*/ /*q 
 g v  yaa */ /*u*/   "use strict"//   zgf or﻿xh of  
  /*

p xsgat  i */      /*  */"use strict"

/*﻿ i﻿xtzz   oqby*/

	  //pqlay﻿ede
 //g  l　 vm d aa﻿x　c
    /*vx n 　 q fq*/// sz  gqs  //﻿cum 　 oj n﻿  u"use strict"
/*j　 eo skfus ts*/   //ab gsimdmnyfvs  
 //n  i r  oc  /* q﻿ 	
   sq o */  })/*n 
mg  ooz ﻿at m*/ throw false;
/* *///e l       // taput  dok 　 f pa
    try {} /*u  po*/catch (b) //brbzxv d	dhjg ﻿j
{}	 /* rz  s 	kc  g  u   q*/  //   
  //bi 	fl  p eh    
while//gm  zymri  q
/**/ /*l    su ﻿n*/(`A"ê`) /* j     lz a s*/continue    //  //krqm r    z p t s  
with/**/ ("&¨") 2e308;
    case (((static //q  gf﻿ kkmd
= /*q *//*  gr g */"Û_"))):
  /**///fm edcl tqh
  /*  v ie     n x*/ //e  let a //yq z
/*
d﻿f  cz﻿  l	lkm*//*m　 td 
b   */= "×"
/*   hx　g	k 	kj  */  //   lf
//t sjqm k ﻿  n  ﻿k//f﻿ fsbmf　sckjpn
  /*fn	*/  /* tij qq jkpu*/for /*ei i nrs dbn r*/((null) //hqb b  k 
//r dv
&& // 	﻿zf  jdho h﻿
/*  yyn	
bs */6844;; /* b ﻿ij*/"") throw/* *//*f  qr 	 c    	sta*/ /`(?=)/gi   //  pcp spmag
 default:
//ydzz   
  /*  xsxfzv  
	 j*/
/* 　du iirx  　 kayqq *///z ln    	y
if ((((``)))) //	u　 /*﻿hs f un
　noa*/let: /*v dr gu p j kh*/do/*d  ye	 */ break/*rv x   hit
*/ while (0) else// f ppq	
 // kj opdk	 k  	g e  var/*xe	  y*/ implements
/*﻿dcq otc a
 b   c*//*
c   */
      const// rybxo﻿td   l  u /*oi*/m
/*g 
  　*/

=//qjf  ﻿ vdnevqi this
//    g ﻿xx   x jm
     /*k﻿e kek
 
xye*/ /* */try {}/*v */ /* p 　 jbzu pkcb*/catch (arguments) {}
    /* n pak  　tu 　qf j  */  throw /* 　f d   ﻿t*/2e308  //tjhydlssbqf
  /*t	ada 
 d  d	﻿ qc */  case/*　l *///
/*　jmp 	lpdik  l   p*/ /(?:)/imuy[0x19C878BD400000] /*rfas  */^=//
//r   h th 
 this:/*　 yept p x feryc *///x  kuujd  

  /*iie*/ //﻿q
   break// qp　av﻿
/* g */
  //o  case//cs ca z 
 //l x	y   stq((++i)):
   //  　m x 
 //s ldscm nkto s j //p
  for
//  nz i z
(/\W*M{59365,89717}?u/imsu[null] in /\co(?:)\b|(?=)\0?\cj[^]+?-|A|(?=)(?:){56963,}?[^--]|(?!)U'(?=N(?!)(?=))\D/gsu.w += /* t	*/this) {}/*a　 pt　l 
c c　*/
 /* ﻿hym	m
  b*/ //
 //gl 　　 m﻿ ﻿f   //o ae ncn eesmm 
　case //j  h ojzu bjvd q  l
/(?:){4339,56418}y(?=\0+W()??\3??U)()()()/giuy:
/*azv qds s rv﻿*/ /*  l o uqev　 	g*/     if/*　ags*/(((null)))// oya﻿c﻿ fz	 djl break
/*g	 e ze dp */ else/*  zeu e*/ // ung  r q  debugger
/*
 */   // 
 case (this):
/*ii jxj 
k﻿ j*/ /*iq  rpxo h    d*//*meis n﻿khk  o f  ﻿ag*/  /*c
  a

lva*/ /* nqjr v u ve*/ //fuo   vej gp 
  // qrgktirv
//i　mal dzfgvl  n 
for/*      h on 	*/ (;;)// a c ckbxmdas
 try//k　 k  	yf h
//su knf 
 //tqb tv c eer   {}/*xkq fjjcd xr     z
u*/ finally {}
  /*a   　 ie  ns*/}/*rdvvc v   
  lf a 
*//*rv  nahsuztc*/
  do debugger// s 
// 　i lp cs //  y  za x	 y rdy　
while/* */ /* u r*/// 　rg bvu hbs
(((static//t　  fy  
 //  m etbrgfcvy 
= //epyield, v/*
 l	bi  */ //	x u
/*  v */=// j fepv﻿ii	 b
 2e308, eval, r, //
/* */...interface)/*aspjlp  c　v  r*/ =>//n /*jqpe	 x  　 i　*/ null) ? true[("Ç")] /*hc﻿lq　v */--//jga ljua   v k   
 //bfjjbfmt 
://beu	 ss qq mtjq j ll
//hhcv  　k p
 class 

{
　/*i*/ //ty 
 get //pomcssirmza　 
//
[(await)]()

{//  ytgm  
//

/*  k 　jatgjv   pz */ /*t   g g kr t*/ /* p i﻿ttj  *///  on
 /* mrjclvv 	i　   ee*/ 
//sv     gvd r zu
　"use strict";
/* 	ma vq  a	q
a   　gy*/

  }
  //o e i zh　 yefc t 	e
});
}//ocub  samhpnk
/*o*/
